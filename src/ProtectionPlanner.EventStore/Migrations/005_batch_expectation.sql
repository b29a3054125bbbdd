-- A projection's batch may rest on what it remembers of its read model instead of reading it again (a round trip
-- less). It then states what it assumed, checked in the round trip that commits, after the checkpoint moved and before
-- the writes: when the condition is not true the read model changed behind the runner's back (a rebuild swapped in,
-- another node ran the projection meanwhile), and the batch's transaction is aborted with PJ002. The daemon then
-- applies the same events again, and the projection reads what it can no longer assume.
create function eventstore.expect(condition boolean)
returns void language plpgsql as $$
begin
    if condition is not true then
        raise exception 'A projection batch found its read model not as it assumed.' using errcode = 'PJ002';
    end if;
end $$;
