-- Context Kit: Orleans cluster membership on PostgreSQL (ADO.NET clustering, invariant "Npgsql").
-- Written for this project from the documented contract: Orleans reads its statements from the table
-- OrleansQuery (QueryKey, QueryText) and binds the parameters @DeploymentId, @Address, @Port, @Generation,
-- @SiloName, @HostName, @Status, @ProxyPort, @SuspectTimes, @StartTime, @IAmAliveTime and @Version.
-- Idempotent: every object is created only when missing and every query is upserted.

CREATE TABLE IF NOT EXISTS orleans_membership_version (
    deployment_id varchar(150) PRIMARY KEY,
    version       integer      NOT NULL DEFAULT 0,
    changed_at    timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orleans_membership (
    deployment_id   varchar(150) NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address         varchar(45)  NOT NULL,
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          integer      NOT NULL,
    proxy_port      integer,
    suspect_times   varchar(8000),
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  varchar(64) PRIMARY KEY,
    QueryText text        NOT NULL
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Creates the version row of a cluster; true when this call created it.
('InsertMembershipVersionKey', $q$
WITH inserted AS (
    INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT count(*) > 0 FROM inserted;
$q$),

-- Adds a silo when the caller saw the current table version; the version row is locked first so that two
-- silos joining at once cannot both succeed on the same version.
('InsertMembershipKey', $q$
WITH version_row AS (
    SELECT deployment_id FROM orleans_membership_version
    WHERE deployment_id = @DeploymentId AND version = @Version
    FOR UPDATE),
inserted AS (
    INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                    proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
           @ProxyPort, @StartTime, @IAmAliveTime
    FROM version_row
    ON CONFLICT DO NOTHING
    RETURNING deployment_id),
bumped AS (
    UPDATE orleans_membership_version v SET version = v.version + 1, changed_at = now()
    FROM inserted i WHERE v.deployment_id = i.deployment_id
    RETURNING v.version)
SELECT count(*) > 0 FROM bumped;
$q$),

-- Changes a silo's status and suspicions under the same version check.
('UpdateMembershipKey', $q$
WITH version_row AS (
    SELECT deployment_id FROM orleans_membership_version
    WHERE deployment_id = @DeploymentId AND version = @Version
    FOR UPDATE),
updated AS (
    UPDATE orleans_membership m
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    FROM version_row v
    WHERE m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING m.deployment_id),
bumped AS (
    UPDATE orleans_membership_version v SET version = v.version + 1, changed_at = now()
    FROM (SELECT DISTINCT deployment_id FROM updated) u WHERE v.deployment_id = u.deployment_id
    RETURNING v.version)
SELECT count(*) > 0 FROM bumped;
$q$),

-- The heartbeat: no version change.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
$q$),

-- One silo's row with the table version (the version comes back even when the silo has no row).
('MembershipReadRowKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
$q$),

-- Every silo of the cluster with the table version.
('MembershipReadAllKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
$q$),

-- Gateways that clients may connect to: active silos with a gateway port.
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
$q$),

-- Forgets a whole cluster (used by tooling and tests).
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
$q$),

-- Removes dead silos (status 6) that stopped heart-beating before the given time.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime;
$q$),

-- Removes one dead silo, only if its row is still the one the caller read.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6 AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
  AND suspect_times IS NOT DISTINCT FROM @SuspectTimes;
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
