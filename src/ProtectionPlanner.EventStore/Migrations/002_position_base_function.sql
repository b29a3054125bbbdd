-- position_base as a constant: an append or a feed read folds it in when the statement is planned, instead of reading
-- eventstore.settings every time (a relation to lock and scan per append). eventstore.repair_position_base() moves the
-- base and recreates this function in one transaction; replacing a function invalidates every cached plan using it.
do $$ begin
    execute format('create function eventstore.position_base() returns bigint language sql immutable parallel safe return %s',
                   (select position_base from eventstore.settings));
end $$;

create or replace function eventstore.safe_position_horizon()
returns bigint language sql stable
return (pg_snapshot_xmin(pg_current_snapshot())::text::bigint + eventstore.position_base()) << 16;

-- After a logical restore into a fresh cluster transaction ids start low again. Every committed event comes from a
-- transaction id below xmax, so in a healthy database no position reaches (xmax + base) << 16; if one does, move the base
-- past the highest position. Returns the new base, or null when nothing needed moving. Concurrent callers queue on the
-- settings row, and the later ones find nothing to move.
create function eventstore.repair_position_base()
returns bigint language plpgsql as $$
declare
    moved bigint;
begin
    update eventstore.settings
    set position_base = ((select max(position) from eventstore.events) >> 16)
                        - pg_snapshot_xmax(pg_current_snapshot())::text::bigint + 1
    where (select max(position) from eventstore.events)
          >= (pg_snapshot_xmax(pg_current_snapshot())::text::bigint + position_base) << 16
    returning position_base into moved;
    if moved is not null then
        execute format('create or replace function eventstore.position_base() returns bigint language sql immutable parallel safe return %s', moved);
    end if;
    return moved;
end $$;
