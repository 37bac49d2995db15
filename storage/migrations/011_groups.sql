-- Groups of units (issue 19): the press, the associations, the communes,
-- the wards, the special zones, or any set the Office defines. A directive
-- may address groups as well as units; a unit that joins a group later is
-- assigned the group's open directives.
CREATE TABLE unit_groups (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_.-]{0,31}$'),
    name       text NOT NULL CHECK (btrim(name) <> ''),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE unit_group_members (
    group_id  bigint NOT NULL REFERENCES unit_groups (id) ON DELETE CASCADE,
    unit_id   bigint NOT NULL REFERENCES units (id),
    joined_at timestamptz NOT NULL,
    PRIMARY KEY (group_id, unit_id)
);
CREATE INDEX unit_group_members_unit ON unit_group_members (unit_id);

-- The groups a directive was addressed to, as the Office chose them.
CREATE TABLE directive_groups (
    directive_id bigint NOT NULL REFERENCES directives (id),
    group_id     bigint NOT NULL REFERENCES unit_groups (id),
    PRIMARY KEY (directive_id, group_id)
);
CREATE INDEX directive_groups_group ON directive_groups (group_id);
