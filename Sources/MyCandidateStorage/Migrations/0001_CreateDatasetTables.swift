extension Migration {
    /// The versioned dataset schema. Every row of a dataset is scoped by `version_id`, and every
    /// primary key starts with it so that loading one version is one index range per table.
    /// `ordinal` keeps source order, so a load returns rows in the order they were stored.
    static let createDatasetTables = Migration(name: "0001_CreateDatasetTables") { dialect in
        [
            """
            CREATE TABLE dataset_versions (
                id \(dialect.autoIncrementPrimaryKey),
                created_at \(dialect.timestamp) NOT NULL,
                published_at \(dialect.timestamp),
                status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'superseded')),
                sources TEXT NOT NULL,
                ballot_count INTEGER NOT NULL,
                area_count INTEGER NOT NULL,
                party_count INTEGER NOT NULL,
                candidate_count INTEGER NOT NULL
            )
            """,
            // Readers poll this single row; publishing is one upsert of it.
            """
            CREATE TABLE published_dataset (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                version_id BIGINT NOT NULL REFERENCES dataset_versions (id)
            )
            """,
            """
            CREATE TABLE site_settings (
                version_id BIGINT PRIMARY KEY REFERENCES dataset_versions (id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                title_short TEXT NOT NULL,
                favicon_link TEXT NOT NULL,
                partner_name TEXT NOT NULL,
                partner_website TEXT NOT NULL,
                organization_name TEXT NOT NULL,
                organization_link TEXT NOT NULL,
                analytics_id TEXT NOT NULL,
                colour_logo TEXT NOT NULL,
                colour_footer TEXT NOT NULL,
                colour_body_foreground TEXT NOT NULL,
                colour_body_background TEXT NOT NULL,
                colour_find_candidates_button TEXT NOT NULL,
                colour_candidate_names TEXT NOT NULL,
                colour_nav_bars TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE ballots (
                version_id BIGINT NOT NULL REFERENCES dataset_versions (id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                ordinal INTEGER NOT NULL,
                title TEXT NOT NULL,
                explainer TEXT NOT NULL,
                position INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('party_list', 'single_member')),
                area_level TEXT NOT NULL,
                PRIMARY KEY (version_id, key)
            )
            """,
            // A ballot's preferred party order. Not a foreign key to parties: the order may name
            // parties that have no candidates in this version.
            """
            CREATE TABLE ballot_party_order (
                version_id BIGINT NOT NULL,
                ballot_key TEXT NOT NULL,
                rank INTEGER NOT NULL,
                party_key TEXT NOT NULL,
                PRIMARY KEY (version_id, ballot_key, rank),
                FOREIGN KEY (version_id, ballot_key) REFERENCES ballots (version_id, key) ON DELETE CASCADE
            )
            """,
            // The parent reference is checked at commit so areas may arrive in any order.
            """
            CREATE TABLE areas (
                version_id BIGINT NOT NULL REFERENCES dataset_versions (id) ON DELETE CASCADE,
                id TEXT NOT NULL,
                ordinal INTEGER NOT NULL,
                code TEXT NOT NULL,
                name TEXT NOT NULL,
                level TEXT NOT NULL,
                parent_id TEXT,
                PRIMARY KEY (version_id, id),
                FOREIGN KEY (version_id, parent_id) REFERENCES areas (version_id, id)
                    ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
            )
            """,
            """
            CREATE TABLE parties (
                version_id BIGINT NOT NULL REFERENCES dataset_versions (id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                ordinal INTEGER NOT NULL,
                name TEXT NOT NULL,
                abbreviation TEXT NOT NULL,
                code TEXT NOT NULL,
                PRIMARY KEY (version_id, key)
            )
            """,
            // No reference to dataset_versions of its own: the ballot reference already implies
            // the version, and each reference costs a lookup per row on bulk insert.
            """
            CREATE TABLE candidates (
                version_id BIGINT NOT NULL,
                ordinal INTEGER NOT NULL,
                ballot_key TEXT NOT NULL,
                area_id TEXT NOT NULL,
                party_key TEXT,
                given_names TEXT NOT NULL,
                surname TEXT NOT NULL,
                list_position INTEGER,
                age INTEGER,
                gender TEXT,
                extra TEXT,
                PRIMARY KEY (version_id, ordinal),
                FOREIGN KEY (version_id, ballot_key) REFERENCES ballots (version_id, key) ON DELETE CASCADE,
                FOREIGN KEY (version_id, area_id) REFERENCES areas (version_id, id) ON DELETE CASCADE,
                FOREIGN KEY (version_id, party_key) REFERENCES parties (version_id, key) ON DELETE CASCADE
            )
            """,
        ]
    }
}
