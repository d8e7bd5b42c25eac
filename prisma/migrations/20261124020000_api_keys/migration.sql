-- CreateEnum
CREATE TYPE "api_scope" AS ENUM ('read', 'write', 'admin');

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "scopes" "api_scope"[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id"),
    -- Not expressible in schema.prisma: the id format the key embeds, a sha256 hex digest, at least one scope.
    CONSTRAINT "api_keys_id_format" CHECK ("id" ~ '^[0-9a-f]{12}$'),
    CONSTRAINT "api_keys_secret_hash_format" CHECK ("secret_hash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "api_keys_some_scope" CHECK (cardinality("scopes") >= 1)
);

-- API processes cache production versions and verified keys; these triggers tell every process, in the transaction
-- that makes the change (delivered at its commit, whoever makes it: the API, a trainer's promotion policy, plain SQL).

-- A model's production version changed (promotion, rollback, archival, deletion). Payload: {"modelId": n}.
CREATE FUNCTION "tsf_notify_production_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tsf_model_promoted', json_build_object('modelId', COALESCE(NEW.model_id, OLD.model_id))::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER "model_versions_production_inserted" AFTER INSERT ON "model_versions"
    FOR EACH ROW WHEN (NEW."stage" = 'production') EXECUTE FUNCTION "tsf_notify_production_changed"();

CREATE TRIGGER "model_versions_production_changed" AFTER UPDATE OF "stage" ON "model_versions"
    FOR EACH ROW WHEN (OLD."stage" IS DISTINCT FROM NEW."stage" AND 'production' IN (OLD."stage", NEW."stage"))
    EXECUTE FUNCTION "tsf_notify_production_changed"();

CREATE TRIGGER "model_versions_production_deleted" AFTER DELETE ON "model_versions"
    FOR EACH ROW WHEN (OLD."stage" = 'production') EXECUTE FUNCTION "tsf_notify_production_changed"();

-- An API key was revoked, its scopes or secret changed, or it was deleted (not: last_used_at refreshed). Payload: its id.
CREATE FUNCTION "tsf_notify_api_key_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tsf_api_key_changed', OLD.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER "api_keys_changed" AFTER UPDATE OF "revoked_at", "scopes", "secret_hash" OR DELETE ON "api_keys"
    FOR EACH ROW EXECUTE FUNCTION "tsf_notify_api_key_changed"();
