-- The least a `rapport serve` process needs on its PostgreSQL database, after an administrator
-- has created the tables with `rapport server migrate` (as the database's owner).
-- Run as the owner, replacing rapport_server with the role the server connects as:
--   psql -v role=rapport_server -f docs/server-role.sql DATABASE
-- The server reads and adds rows; it never changes or removes a result. The only rows it
-- deletes are sign-in tokens (signing out), old failed sign-ins and an LRS's failed tries; the
-- only ones it updates are those tries and the LRS forwarding lease. It cannot create, alter or
-- drop anything, so it can neither rewrite the schema nor any stored score.
GRANT CONNECT ON DATABASE :"DBNAME" TO :"role";
GRANT USAGE ON SCHEMA public TO :"role";
GRANT SELECT ON rapport_schema, server_schema TO :"role";
GRANT SELECT, INSERT ON sessions, turns, session_skills TO :"role";
GRANT SELECT, INSERT ON accounts, cohorts, teams, plays, submissions TO :"role";
GRANT SELECT, INSERT ON competitions, competition_versions, competition_teams TO :"role";
GRANT SELECT, INSERT, DELETE ON tokens, sign_in_failures TO :"role";
-- Forwarding to an LRS: deliveries are only added; a session's failed tries are counted and
-- cleared once it is delivered; the forwarding lease is renewed in place.
GRANT SELECT, INSERT ON lrs_deliveries TO :"role";
GRANT SELECT, INSERT, UPDATE, DELETE ON lrs_attempts TO :"role";
GRANT SELECT, INSERT, UPDATE ON lrs_leases TO :"role";
-- New rows of tables with an identity column take their number from its sequence.
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO :"role";
