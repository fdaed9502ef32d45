-- taskboard on a shared PostgreSQL server: the roles staff and managers connect as.
--
-- Run it as the register's owner (the role that ran `taskboard init` / `db upgrade`), in the
-- register's database, once, and again after a `db upgrade` that adds tables:
--
--     psql "postgresql://owner@db.example.org/taskboard" -f scripts/pg-roles.sql
--
-- It makes two group roles (no login of their own):
--   taskboard_staff   reads and writes the register (every command, the TUI, remind);
--   taskboard_reader  reads only (list, show, export, report): a write is refused with
--                     «… is read-only for this role» instead of failing obscurely.
-- Each person then gets a login role in one of them, e.g.
--     CREATE ROLE ivanova LOGIN IN ROLE taskboard_staff;
--     CREATE ROLE petrov  LOGIN IN ROLE taskboard_reader;
-- and connects with their own name in the URL (postgresql+psycopg://ivanova@db…/taskboard):
-- the history then records who did what (see docs/postgresql.md, "Roles").
-- Schema upgrades stay with the owner: neither group may change the schema.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'taskboard_staff') THEN
        CREATE ROLE taskboard_staff NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'taskboard_reader') THEN
        CREATE ROLE taskboard_reader NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO taskboard_staff, taskboard_reader;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO taskboard_staff;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO taskboard_staff;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO taskboard_reader;

-- Tables a later schema adds get the same rights when the owner creates them.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO taskboard_staff;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO taskboard_staff;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO taskboard_reader;
