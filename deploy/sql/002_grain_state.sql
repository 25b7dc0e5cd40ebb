-- Context Kit: Orleans grain state on PostgreSQL (ADO.NET persistence, invariant "Npgsql").
-- Written for this project from the documented contract: the provider reads WriteToStorageKey,
-- ReadFromStorageKey, ClearStorageKey (and DeleteStorageKey) from OrleansQuery and binds @ServiceId,
-- @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
-- @GrainStateVersion and @PayloadBinary. The version is the ETag: a write names the version it read and
-- fails (returns no new version) when another activation wrote in between.

CREATE TABLE IF NOT EXISTS orleans_grain_state (
    service_id         varchar(150) NOT NULL,
    grain_type_hash    integer      NOT NULL,
    grain_type         varchar(512) NOT NULL,
    grain_id_hash      integer      NOT NULL,
    grain_id_n0        bigint       NOT NULL,
    grain_id_n1        bigint       NOT NULL,
    grain_id_extension varchar(1024) NOT NULL DEFAULT '',
    payload            bytea,
    version            integer      NOT NULL,
    modified_at        timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type_hash, grain_id_hash, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_grain_state
WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_type = @GrainTypeString
  AND grain_id_hash = @GrainIdHash AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = coalesce(@GrainIdExtensionString, '');
$q$),

-- First write (no version yet) inserts version 1; later writes bump the version they name.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleans_grain_state SET payload = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
      AND service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_type = @GrainTypeString
      AND grain_id_hash = @GrainIdHash AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
    RETURNING version),
inserted AS (
    INSERT INTO orleans_grain_state (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1,
                                     grain_id_extension, payload, version)
    SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1,
           coalesce(@GrainIdExtensionString, ''), @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted LIMIT 1) AS "NewGrainStateVersion";
$q$),

-- Clearing keeps the row (without payload) so that the version keeps counting up.
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE orleans_grain_state SET payload = NULL, version = version + 1, modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
      AND service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_type = @GrainTypeString
      AND grain_id_hash = @GrainIdHash AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
    RETURNING version),
inserted AS (
    INSERT INTO orleans_grain_state (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1,
                                     grain_id_extension, payload, version)
    SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1,
           coalesce(@GrainIdExtensionString, ''), NULL, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT (SELECT version FROM cleared UNION ALL SELECT version FROM inserted LIMIT 1) AS "Version";
$q$),

-- Deleting (when the provider is told to delete on clear) removes the row the caller read.
('DeleteStorageKey', $q$
WITH deleted AS (
    DELETE FROM orleans_grain_state
    WHERE version = @GrainStateVersion
      AND service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_type = @GrainTypeString
      AND grain_id_hash = @GrainIdHash AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
    RETURNING version)
SELECT (SELECT version + 1 FROM deleted) AS "Version";
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
