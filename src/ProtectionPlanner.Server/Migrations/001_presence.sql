-- Who is looking at which strategy, and which item they have open, across all nodes. Ephemeral (not part of the
-- record): each node refreshes its rows while its connections live; rows of a node that died expire.
create schema if not exists planner;

create table planner.presence (
    connection_id text not null,
    strategy_id uuid not null,
    node text not null,
    user_name text not null,
    display_name text not null,
    role text not null,
    editing uuid,
    seen timestamptz not null default now(),
    primary key (connection_id, strategy_id)
);
create index presence_strategy on planner.presence (strategy_id);
create index presence_node on planner.presence (node);
