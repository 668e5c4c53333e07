"""The database schema as ordered migrations; PRAGMA user_version holds how many have run."""

from __future__ import annotations

# Each migration is one SQL script. Never edit a released one: append a new one.
MIGRATIONS: tuple[str, ...] = (
    # 1: the data model of DESIGN.md
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE plan (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        authority TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL DEFAULT '',
        doc_date TEXT,
        imported_at TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '[]'
    );

    CREATE TABLE level (
        plan_id TEXT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        code TEXT NOT NULL,
        label TEXT NOT NULL,
        band TEXT NOT NULL CHECK (band IN ('red', 'amber', 'green', 'blue', 'none')),
        meaning TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        PRIMARY KEY (plan_id, code)
    );

    CREATE TABLE section (
        id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        parent_id TEXT REFERENCES section(id),
        path TEXT NOT NULL,            -- '/id1/id2/' from the root, for subtree queries
        kind TEXT NOT NULL,
        ref TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL
    );
    CREATE INDEX section_plan ON section(plan_id, position);

    CREATE TABLE action (
        id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        section_id TEXT REFERENCES section(id),
        section_path TEXT NOT NULL DEFAULT '/',
        ref TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL DEFAULT '',
        measure TEXT NOT NULL DEFAULT '',
        lead TEXT NOT NULL DEFAULT '',
        lead_norm TEXT NOT NULL DEFAULT '',   -- '|name one|name two|' lower case, for filtering
        owner TEXT NOT NULL DEFAULT '',
        due_raw TEXT NOT NULL DEFAULT '',
        due_date TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        extra TEXT NOT NULL DEFAULT '{}',
        position INTEGER NOT NULL,
        source_line INTEGER,
        state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'removed')),
        origin TEXT NOT NULL DEFAULT 'import',
        replica_id TEXT NOT NULL DEFAULT '',
        -- cached from entries by triggers, so filters and counts stay index lookups
        rating TEXT,
        band TEXT NOT NULL DEFAULT 'none',
        rated_on TEXT,
        prev_band TEXT NOT NULL DEFAULT 'none',
        last_update TEXT,
        entry_count INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX action_plan ON action(plan_id, position);
    CREATE INDEX action_band ON action(plan_id, band, position);
    CREATE INDEX action_due ON action(plan_id, due_date);
    CREATE INDEX action_section ON action(plan_id, section_path);

    CREATE TABLE entry (
        id TEXT PRIMARY KEY,
        action_id TEXT NOT NULL REFERENCES action(id) ON DELETE CASCADE,
        on_date TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        rating TEXT,
        note TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'update' CHECK (kind IN ('update', 'retraction')),
        supersedes TEXT,                -- an entry this one corrects or retracts
        origin TEXT NOT NULL DEFAULT 'edit',
        period TEXT NOT NULL DEFAULT '',
        meeting_id TEXT,
        replica_id TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX entry_action ON entry(action_id, on_date, recorded_at);
    CREATE INDEX entry_supersedes ON entry(supersedes);

    CREATE TRIGGER entry_no_update BEFORE UPDATE ON entry
    BEGIN SELECT RAISE(ABORT, 'progress entries are append-only'); END;
    CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry
    WHEN (SELECT count(*) FROM action WHERE id = OLD.action_id) > 0
    BEGIN SELECT RAISE(ABORT, 'progress entries are append-only'); END;

    CREATE VIEW live_entry AS
        SELECT e.* FROM entry e
        WHERE e.kind = 'update'
          AND NOT EXISTS (SELECT 1 FROM entry s WHERE s.supersedes = e.id);

    CREATE TRIGGER entry_added AFTER INSERT ON entry
    BEGIN
        UPDATE action SET
            rating = (SELECT rating FROM live_entry WHERE action_id = NEW.action_id AND rating IS NOT NULL
                      ORDER BY on_date DESC, recorded_at DESC LIMIT 1),
            rated_on = (SELECT on_date FROM live_entry WHERE action_id = NEW.action_id AND rating IS NOT NULL
                        ORDER BY on_date DESC, recorded_at DESC LIMIT 1),
            last_update = (SELECT max(on_date) FROM live_entry WHERE action_id = NEW.action_id),
            entry_count = (SELECT count(*) FROM live_entry WHERE action_id = NEW.action_id)
        WHERE id = NEW.action_id;
        UPDATE action SET
            band = coalesce((SELECT band FROM level WHERE plan_id = action.plan_id AND code = action.rating), 'none'),
            prev_band = coalesce((SELECT l.band FROM live_entry e JOIN level l
                                    ON l.plan_id = action.plan_id AND l.code = e.rating
                                  WHERE e.action_id = action.id AND e.rating IS NOT NULL
                                    AND e.on_date < action.rated_on
                                  ORDER BY e.on_date DESC, e.recorded_at DESC LIMIT 1), 'none')
        WHERE id = NEW.action_id;
    END;

    CREATE TABLE kpi (
        id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        section_id TEXT REFERENCES section(id),
        indicator TEXT NOT NULL,
        polarity TEXT NOT NULL DEFAULT '',
        baseline TEXT NOT NULL DEFAULT '',
        comparator TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        direction TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL
    );
    CREATE TABLE kpi_value (
        kpi_id TEXT NOT NULL REFERENCES kpi(id) ON DELETE CASCADE,
        period TEXT NOT NULL,
        value TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (kpi_id, period)
    );

    CREATE TABLE meeting (
        id TEXT PRIMARY KEY,
        plan_id TEXT REFERENCES plan(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        date TEXT NOT NULL,
        chair TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        ended_at TEXT,
        agenda TEXT NOT NULL DEFAULT '[]',   -- action ids in walking order
        position INTEGER NOT NULL DEFAULT 0, -- the item on screen, for resuming
        replica_id TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE meeting_item (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        action_id TEXT NOT NULL,
        seconds REAL NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'walked',  -- walked / skipped
        flag TEXT NOT NULL DEFAULT '',
        band_before TEXT,
        replica_id TEXT NOT NULL DEFAULT '',
        UNIQUE (meeting_id, action_id)
    );
    CREATE TABLE decision (
        id TEXT PRIMARY KEY,
        meeting_id TEXT REFERENCES meeting(id) ON DELETE CASCADE,
        action_id TEXT,
        text TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '',
        due_date TEXT,
        recorded_at TEXT NOT NULL,
        replica_id TEXT NOT NULL DEFAULT ''
    );

    CREATE TABLE draft (
        action_id TEXT PRIMARY KEY REFERENCES action(id) ON DELETE CASCADE,
        note TEXT NOT NULL DEFAULT '',
        rating TEXT,
        on_date TEXT,
        author TEXT NOT NULL DEFAULT '',
        meeting_id TEXT,
        saved_at TEXT NOT NULL
    );

    CREATE TABLE audit (
        id TEXT PRIMARY KEY,
        action_id TEXT NOT NULL REFERENCES action(id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        old TEXT,
        new TEXT,
        author TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        replica_id TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX audit_action ON audit(action_id, at);
    """,
    # 2: meeting items remember the rating before the meeting and why the action is on the agenda
    """
    ALTER TABLE meeting_item ADD COLUMN rating_before TEXT;
    ALTER TABLE meeting_item ADD COLUMN reason TEXT NOT NULL DEFAULT '';
    CREATE INDEX entry_meeting ON entry(meeting_id);
    CREATE INDEX decision_meeting ON decision(meeting_id);
    """,
    # 3: undoing a correction brings back the entry it corrected (an entry is dead when it is retracted, or
    #    corrected by an entry that is not itself retracted); a draft can be a correction of an entry; a due
    #    date cleared by a field edit is NULL (an empty one read as overdue)
    """
    DROP VIEW live_entry;
    CREATE VIEW live_entry AS
        SELECT e.* FROM entry e
        WHERE e.kind = 'update'
          AND NOT EXISTS (
              SELECT 1 FROM entry s WHERE s.supersedes = e.id
                 AND (s.kind = 'retraction'
                      OR NOT EXISTS (SELECT 1 FROM entry r WHERE r.supersedes = s.id AND r.kind = 'retraction')));
    ALTER TABLE draft ADD COLUMN supersedes TEXT;
    UPDATE action SET due_date = NULL WHERE due_date = '';
    """,
    # 4: counts stay index-only scans at 50,000 actions (band, section and overdue counts read no table rows);
    #    the supersedes and meeting indexes hold only the rows that have one, so ANALYZE (or PRAGMA optimize)
    #    cannot teach the planner that "supersedes = ?" matches every row (a NULL-filled index looked useless
    #    and a save scanned every entry: 600 ms at 50,000 actions)
    """
    CREATE INDEX action_counts ON action(plan_id, state, band, section_path);
    CREATE INDEX action_overdue ON action(plan_id, state, due_date, band);
    DROP INDEX entry_supersedes;
    CREATE INDEX entry_supersedes ON entry(supersedes) WHERE supersedes IS NOT NULL;
    DROP INDEX entry_meeting;
    CREATE INDEX entry_meeting ON entry(meeting_id) WHERE meeting_id IS NOT NULL;

    -- search: a trigram index over ref, text and lead (substrings of 3+ characters, any case), kept by triggers
    CREATE VIRTUAL TABLE action_fts USING fts5(
        ref, text, lead, lead_norm, content='action', content_rowid='rowid', tokenize='trigram'
    );
    INSERT INTO action_fts(action_fts) VALUES ('rebuild');
    CREATE TRIGGER action_fts_added AFTER INSERT ON action BEGIN
        INSERT INTO action_fts(rowid, ref, text, lead, lead_norm)
        VALUES (NEW.rowid, NEW.ref, NEW.text, NEW.lead, NEW.lead_norm);
    END;
    CREATE TRIGGER action_fts_removed AFTER DELETE ON action BEGIN
        INSERT INTO action_fts(action_fts, rowid, ref, text, lead, lead_norm)
        VALUES ('delete', OLD.rowid, OLD.ref, OLD.text, OLD.lead, OLD.lead_norm);
    END;
    CREATE TRIGGER action_fts_changed AFTER UPDATE OF ref, text, lead, lead_norm ON action BEGIN
        INSERT INTO action_fts(action_fts, rowid, ref, text, lead, lead_norm)
        VALUES ('delete', OLD.rowid, OLD.ref, OLD.text, OLD.lead, OLD.lead_norm);
        INSERT INTO action_fts(rowid, ref, text, lead, lead_norm)
        VALUES (NEW.rowid, NEW.ref, NEW.text, NEW.lead, NEW.lead_norm);
    END;
    """,
    # 5: the edit trail also keeps what a re-import changed: origin 'import' (else 'edit', made in the app), the
    #    document read and the date it speaks for; conflict = 1 when the field had been edited here too and the
    #    value here was kept (the row's new value is what the document said)
    """
    ALTER TABLE audit ADD COLUMN origin TEXT NOT NULL DEFAULT 'edit';
    ALTER TABLE audit ADD COLUMN source TEXT NOT NULL DEFAULT '';
    ALTER TABLE audit ADD COLUMN doc_date TEXT;
    ALTER TABLE audit ADD COLUMN conflict INTEGER NOT NULL DEFAULT 0;
    """,
    # 6: a true record over copies (issue 12). Every entry made here names its base: the live entry the action's
    #    current rating came from when it was written ('' when the action was unrated), i.e. the rating the
    #    writer saw; NULL for imported entries and entries older than this migration. Two live entries with the
    #    same base that both change the rating (to different levels) are a rating conflict; two edits of one
    #    field of an action from the same base (the field's latest edit, '' for none) are a field conflict. An
    #    entry or edit that settles conflicts names the rows it settles in `resolves` (a JSON list of ids). A
    #    decision can record an earlier one as done (`closes`). action.conflicts caches the open conflicts.
    """
    ALTER TABLE entry ADD COLUMN base_id TEXT;
    ALTER TABLE entry ADD COLUMN resolves TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE audit ADD COLUMN base_id TEXT;
    ALTER TABLE audit ADD COLUMN resolves TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE decision ADD COLUMN closes TEXT;
    ALTER TABLE action ADD COLUMN conflicts INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX entry_base ON entry(action_id, base_id) WHERE base_id IS NOT NULL;
    CREATE INDEX audit_base ON audit(action_id, field, base_id) WHERE base_id IS NOT NULL;
    CREATE INDEX decision_action ON decision(action_id) WHERE action_id IS NOT NULL;
    CREATE INDEX decision_closes ON decision(closes) WHERE closes IS NOT NULL;
    CREATE INDEX meeting_item_action ON meeting_item(action_id);

    CREATE VIEW rating_change AS
        SELECT e.* FROM live_entry e LEFT JOIN entry b ON b.id = e.base_id
        WHERE e.base_id IS NOT NULL AND e.rating IS NOT NULL AND e.rating IS NOT b.rating;

    CREATE VIEW open_conflict AS
        SELECT 'rating' AS kind, x.action_id AS action_id, '' AS field, x.id AS a_id, y.id AS b_id
        FROM rating_change x JOIN rating_change y
          ON y.action_id = x.action_id AND y.base_id = x.base_id AND x.id < y.id AND x.rating != y.rating
        WHERE NOT EXISTS (SELECT 1 FROM live_entry r WHERE r.action_id = x.action_id AND r.resolves != '[]'
                            AND instr(r.resolves, '"' || x.id || '"') AND instr(r.resolves, '"' || y.id || '"'))
        UNION ALL
        SELECT 'field', x.action_id, x.field, x.id, y.id
        FROM audit x JOIN audit y
          ON y.action_id = x.action_id AND y.field = x.field AND y.base_id = x.base_id AND x.id < y.id
             AND x.new IS NOT y.new
        WHERE x.base_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM audit r WHERE r.action_id = x.action_id AND r.field = x.field
                            AND r.resolves != '[]'
                            AND instr(r.resolves, '"' || x.id || '"') AND instr(r.resolves, '"' || y.id || '"'));

    CREATE TRIGGER entry_conflicts AFTER INSERT ON entry
    WHEN NEW.base_id IS NOT NULL OR NEW.supersedes IS NOT NULL OR NEW.resolves != '[]'
    BEGIN
        UPDATE action SET conflicts = (SELECT count(*) FROM open_conflict WHERE action_id = NEW.action_id)
        WHERE id = NEW.action_id;
    END;
    CREATE TRIGGER audit_conflicts AFTER INSERT ON audit
    WHEN NEW.base_id IS NOT NULL OR NEW.resolves != '[]'
    BEGIN
        UPDATE action SET conflicts = (SELECT count(*) FROM open_conflict WHERE action_id = NEW.action_id)
        WHERE id = NEW.action_id;
    END;
    """,
    # 7: removals that travel between copies: a section or indicator a re-import dropped is not brought back by an
    # older copy; an imported update may take the earlier of two copies' dates (the same undated document)
    """
    CREATE TABLE removed (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        plan_id TEXT NOT NULL,
        removed_at TEXT NOT NULL,
        PRIMARY KEY (tbl, row_id)
    );
    CREATE TRIGGER section_removed AFTER DELETE ON section BEGIN
        INSERT OR REPLACE INTO removed (tbl, row_id, plan_id, removed_at)
        VALUES ('section', OLD.id, OLD.plan_id, strftime('%Y-%m-%dT%H:%M:%f', 'now'));
    END;
    CREATE TRIGGER section_back AFTER INSERT ON section BEGIN
        DELETE FROM removed WHERE tbl = 'section' AND row_id = NEW.id;
    END;
    CREATE TRIGGER kpi_removed AFTER DELETE ON kpi BEGIN
        INSERT OR REPLACE INTO removed (tbl, row_id, plan_id, removed_at)
        VALUES ('kpi', OLD.id, OLD.plan_id, strftime('%Y-%m-%dT%H:%M:%f', 'now'));
    END;
    CREATE TRIGGER kpi_back AFTER INSERT ON kpi BEGIN
        DELETE FROM removed WHERE tbl = 'kpi' AND row_id = NEW.id;
    END;
    DROP TRIGGER entry_no_update;
    CREATE TRIGGER entry_no_update BEFORE UPDATE ON entry
    WHEN NOT (OLD.origin = 'import' AND NEW.on_date < OLD.on_date AND NEW.id = OLD.id
              AND NEW.action_id = OLD.action_id AND NEW.rating IS OLD.rating AND NEW.note = OLD.note
              AND NEW.kind = OLD.kind AND NEW.supersedes IS OLD.supersedes AND NEW.period = OLD.period
              AND NEW.author = OLD.author AND NEW.origin = OLD.origin)
    BEGIN SELECT RAISE(ABORT, 'progress entries are append-only'); END;
    """,
    # 8: the search index declared the way sqlite-utils' enable_fts writes it (content="action"), so that
    #    sqlite-utils search and Datasette recognise it as the full-text index of the action table
    """
    DROP TRIGGER action_fts_added;
    DROP TRIGGER action_fts_removed;
    DROP TRIGGER action_fts_changed;
    DROP TABLE action_fts;
    CREATE VIRTUAL TABLE action_fts USING fts5(
        ref, text, lead, lead_norm, content="action", content_rowid='rowid', tokenize='trigram'
    );
    INSERT INTO action_fts(action_fts) VALUES ('rebuild');
    CREATE TRIGGER action_fts_added AFTER INSERT ON action BEGIN
        INSERT INTO action_fts(rowid, ref, text, lead, lead_norm)
        VALUES (NEW.rowid, NEW.ref, NEW.text, NEW.lead, NEW.lead_norm);
    END;
    CREATE TRIGGER action_fts_removed AFTER DELETE ON action BEGIN
        INSERT INTO action_fts(action_fts, rowid, ref, text, lead, lead_norm)
        VALUES ('delete', OLD.rowid, OLD.ref, OLD.text, OLD.lead, OLD.lead_norm);
    END;
    CREATE TRIGGER action_fts_changed AFTER UPDATE OF ref, text, lead, lead_norm ON action BEGIN
        INSERT INTO action_fts(action_fts, rowid, ref, text, lead, lead_norm)
        VALUES ('delete', OLD.rowid, OLD.ref, OLD.text, OLD.lead, OLD.lead_norm);
        INSERT INTO action_fts(rowid, ref, text, lead, lead_norm)
        VALUES (NEW.rowid, NEW.ref, NEW.text, NEW.lead, NEW.lead_norm);
    END;
    """,
    # 9: flat at any size (issue 16). Meeting items know their place on the agenda (looked up and listed by
    #    (meeting, position) through an index, never by reading the whole agenda). The widest ref of a plan and
    #    every sort order of the table are indexes kept on write, so start-up and a sort read a few index
    #    entries instead of every action (the expressions match store/queries.py SORTS and ref_width exactly).
    """
    ALTER TABLE meeting_item ADD COLUMN position INTEGER;
    UPDATE meeting_item SET position = (
        SELECT CAST(j.key AS INTEGER) FROM meeting m, json_each(m.agenda) j
        WHERE m.id = meeting_item.meeting_id AND j.value = meeting_item.action_id);
    CREATE INDEX meeting_item_position ON meeting_item(meeting_id, position);

    CREATE INDEX action_ref_width ON action(plan_id, state, length(ref));
    CREATE INDEX action_sort_position ON action(plan_id, state, position);
    CREATE INDEX action_sort_ref ON action(plan_id, state, ref COLLATE NOCASE, position);
    CREATE INDEX action_sort_rating ON action(plan_id, state, CASE band WHEN 'red' THEN 1 WHEN 'amber' THEN 2
        WHEN 'green' THEN 3 WHEN 'blue' THEN 4 ELSE 5 END, position);
    CREATE INDEX action_sort_due ON action(plan_id, state, due_date IS NULL, due_date, position);
    CREATE INDEX action_sort_lead ON action(plan_id, state, lead COLLATE NOCASE, position);
    CREATE INDEX action_sort_update ON action(plan_id, state, last_update IS NULL, last_update DESC, position);
    CREATE INDEX action_sort_text ON action(plan_id, state, text COLLATE NOCASE, position);
    CREATE INDEX action_sort_overdue ON action(plan_id, state, band = 'blue' OR due_date IS NULL, due_date, position);
    CREATE INDEX action_sort_direction ON action(plan_id, state,
        CASE WHEN CASE band WHEN 'red' THEN 1 WHEN 'amber' THEN 2 WHEN 'green' THEN 3 WHEN 'blue' THEN 4 END IS NULL
               OR CASE prev_band WHEN 'red' THEN 1 WHEN 'amber' THEN 2 WHEN 'green' THEN 3 WHEN 'blue' THEN 4 END
                  IS NULL THEN 4
             WHEN CASE band WHEN 'red' THEN 1 WHEN 'amber' THEN 2 WHEN 'green' THEN 3 WHEN 'blue' THEN 4 END
                < CASE prev_band WHEN 'red' THEN 1 WHEN 'amber' THEN 2 WHEN 'green' THEN 3 WHEN 'blue' THEN 4 END
                  THEN 1
             WHEN CASE band WHEN 'red' THEN 1 WHEN 'amber' THEN 2 WHEN 'green' THEN 3 WHEN 'blue' THEN 4 END
                = CASE prev_band WHEN 'red' THEN 1 WHEN 'amber' THEN 2 WHEN 'green' THEN 3 WHEN 'blue' THEN 4 END
                  THEN 2
             ELSE 3 END,
        position);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
