-- Wakes the event store's followers in other processes (NOTIFY eventstore_appended), in a transaction of its own that
-- does not wait for a WAL flush: NOTIFY takes a transaction id, and a wake-up needs no durability. It is sent right
-- after an append's commit in the append's round trip, so it must not fail that round trip: a notification that
-- cannot be sent (PostgreSQL's notification queue full) is a warning, and followers find the events at their next poll.
create function eventstore.notify_appended()
returns void language plpgsql as $$
begin
    perform set_config('synchronous_commit', 'off', true);
    perform pg_notify('eventstore_appended', '');
exception when others then
    raise warning 'eventstore_appended not sent: %', sqlerrm;
end $$;
