-- A projection's batch moves its checkpoint in the same round trip that commits its writes: from the position the runner
-- found it at to the batch's last event, or not at all. When the checkpoint is no longer there (another runner applied
-- the batch, a rebuild was swapped in) it raises PJ001, and the batch's transaction, writes and notifications with it,
-- is aborted before its COMMIT runs. The row stays locked until the batch commits, so of two runners that race for the
-- same batch the second waits here and then finds the checkpoint moved.
create function eventstore.move_checkpoint(projection text, rebuilding boolean, from_position bigint, to_position bigint, node text)
returns void language plpgsql as $$
begin
    if rebuilding then
        update eventstore.projections set rebuild_position = to_position, owner = node, heartbeat = now(), updated = now()
        where name = projection and rebuild_position = from_position;
    else
        update eventstore.projections set position = to_position, owner = node, heartbeat = now(), updated = now()
        where name = projection and position = from_position;
    end if;
    if not found then
        raise exception 'The checkpoint of % moved under this runner.', projection using errcode = 'PJ001';
    end if;
end $$;
