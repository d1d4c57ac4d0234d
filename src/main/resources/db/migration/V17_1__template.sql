-- Templates with typed ((placeholders)) (issue 25), owned by the template module. A template is its head row and one
-- row per version: a change is a new version and old versions stay, so a message can always say which text it was
-- rendered from. owner NULL: a shared template, created with an ops key and visible to every client.
CREATE TABLE voice_template (
    id              uuid         PRIMARY KEY,
    owner           text,
    current_version integer      NOT NULL,
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    deleted_at      timestamptz
);

CREATE INDEX voice_template_owner ON voice_template (owner) WHERE deleted_at IS NULL;

CREATE TABLE voice_template_version (
    template_id        uuid         NOT NULL REFERENCES voice_template (id),
    version            integer      NOT NULL,
    name               text         NOT NULL,
    language           text         NOT NULL,
    voice_profile      text,
    text               text         NOT NULL,
    acknowledge_prompt text,
    acknowledge_thanks text,
    created_by         text         NOT NULL,
    created_at         timestamptz  NOT NULL,
    PRIMARY KEY (template_id, version),
    CONSTRAINT voice_template_version_positive CHECK (version >= 1)
);
