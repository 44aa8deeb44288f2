//! PostgreSQL backups in the `logical` layout.
//!
//! - **create**: one dedicated connection, one `REPEATABLE READ READ ONLY` transaction (a
//!   consistent snapshot while the application writes) holding `ACCESS SHARE` locks on the
//!   tables, with the session pinned (UTC, ISO dates, round-trip floats, hex bytea) so the
//!   text of every value reads back the same. The schema SQL comes from the catalogs and the
//!   server's own `pg_get_*def` functions; rows are `COPY … TO STDOUT` text (one line per
//!   row), streamed into `rows` frames of about 1 MiB. As they pass, a second thread counts
//!   each table's values per column and hashes them for the data guard (see [`CopyTally`]).
//! - **restore**: one transaction drops every user schema, recreates the schema, loads the
//!   rows with `COPY … FROM STDIN`, runs the post-schema SQL (constraints, indexes, views,
//!   foreign keys, triggers, sequence positions, comments, grants) and commits only when
//!   every table's row count and checksum match the trailer. A kill at any moment leaves the
//!   old database: the transaction never committed.
//! - **export**: the same SQL with `COPY … FROM stdin` blocks, for `psql` alone.
//! - **foreign dumps**: a plain `pg_dump` script (optionally gzip) runs statement by
//!   statement in the same kind of single transaction.
//!
//! Partitioned tables come back as pg_dump makes them: each partition is created as a table
//! of its own (its own column order and defaults) and attached with its bound; indexes and
//! primary keys are created on the parent `ON ONLY` and on every partition, then the
//! partitions' indexes are attached, so every name is the original's. Rows are copied per
//! leaf table. Inheritance children are created with `INHERITS` and their own columns.
//!
//! What the schema SQL cannot reproduce exactly (typed and foreign tables, range types, aggregates, rewrite rules, user collations, operators, text search
//! objects, casts, published tables) makes `create` fail with a clear message rather than
//! write a backup that would lose it.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use keel_backup::{
    open_dump, BackupEngine, BackupError, BackupEvent, ChunkTally, ColumnInfo, DigestIn, DumpItem,
    DumpReader, EngineContext, ForeignKind, FrameKind, FrameSink, FrameSource, LogicalItem,
    LogicalReader, TableStart, TableSums, TableTally, TableWriter, TallyThread, CHUNK,
};
use keel_driver::{Connection, Dialect};
use postgres::{Client, SimpleQueryMessage};

use crate::connection::PostgresConnection;

/// The PostgreSQL [`BackupEngine`].
#[derive(Debug, Default, Clone, Copy)]
pub struct PostgresBackup;

/// Session settings under which rows are written and read back (`SET LOCAL`: they end with
/// the transaction). The same text must mean the same value on both sides.
const PIN: &str = "SET LOCAL search_path = ''; SET LOCAL TimeZone = 'UTC'; \
    SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; \
    SET LOCAL extra_float_digits = 3; SET LOCAL bytea_output = 'hex'; \
    SET LOCAL standard_conforming_strings = on; SET LOCAL lc_monetary = 'C'; \
    SET LOCAL client_min_messages = warning";

/// A restore waits this long for another session's locks on the objects it replaces, then
/// gives up (rolled back, nothing changed) instead of hanging behind a long transaction.
const RESTORE_LOCK_WAIT: &str = "SET LOCAL lock_timeout = '60s'";

fn user_ns(alias: &str) -> String {
    format!(
        "{alias}.nspname NOT IN ('pg_catalog', 'information_schema') \
         AND {alias}.nspname !~ '^pg_toast' AND {alias}.nspname !~ '^pg_temp_'"
    )
}

fn not_ext(catalog: &str, oid: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '{catalog}'::regclass \
         AND x.objid = {oid} AND x.deptype = 'e')"
    )
}

fn engine_err(what: &str, e: &postgres::Error) -> BackupError {
    let detail = match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    };
    BackupError::Engine(format!("postgres: {what}: {detail}"))
}

/// Every row of a catalog query, as the server's text.
fn rows(client: &mut Client, sql: &str) -> Result<Vec<Vec<Option<String>>>, BackupError> {
    let messages = client
        .simple_query(sql)
        .map_err(|e| engine_err("reading the catalog", &e))?;
    Ok(messages
        .into_iter()
        .filter_map(|m| match m {
            SimpleQueryMessage::Row(r) => {
                Some((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect())
            }
            _ => None,
        })
        .collect())
}

fn s(row: &[Option<String>], i: usize) -> &str {
    row.get(i).and_then(|v| v.as_deref()).unwrap_or("")
}

fn lit(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn batch(client: &mut Client, sql: &str, what: &str) -> Result<(), BackupError> {
    client.batch_execute(sql).map_err(|e| engine_err(what, &e))
}

fn open(conn: &dyn Connection) -> Result<PostgresConnection, BackupError> {
    Ok(PostgresConnection::open(conn.url())?)
}

/// One table whose rows are copied.
struct DataTable {
    name: String,
    columns: Vec<ColumnInfo>,
    quoted_columns: Vec<String>,
    /// Schema and table, unquoted: the names the data guard knows the table by.
    schema: String,
    relname: String,
    /// Inheritance children hold rows `SELECT … FROM` this table counts but `COPY` does not.
    has_children: bool,
}

/// The schema as SQL: what runs before the rows, and what runs after.
struct SchemaSql {
    pre: String,
    post: String,
    tables: Vec<DataTable>,
}

fn refuse_unsupported(client: &mut Client) -> Result<(), BackupError> {
    let checks: [(&str, String); 8] = [
        (
            "foreign tables and typed tables",
            format!("SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {} AND (c.relkind = 'f' OR (c.relkind = 'r' AND c.reloftype <> 0)) AND {}", user_ns("n"), not_ext("pg_class", "c.oid")),
        ),
        (
            "range types",
            format!("SELECT t.oid::regtype::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE {} AND t.typtype IN ('r', 'm') AND {}", user_ns("n"), not_ext("pg_type", "t.oid")),
        ),
        (
            "aggregates and window functions",
            format!("SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {} AND p.prokind IN ('a', 'w') AND {}", user_ns("n"), not_ext("pg_proc", "p.oid")),
        ),
        (
            "collations, conversions, operators and operator classes in user schemas",
            format!(
                "SELECT 'collation ' || co.collname FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace WHERE {u} AND {e1} \
                 UNION ALL SELECT 'conversion ' || cv.conname FROM pg_conversion cv JOIN pg_namespace n ON n.oid = cv.connamespace WHERE {u} \
                 UNION ALL SELECT 'operator ' || o.oprname FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace WHERE {u} AND {e2} \
                 UNION ALL SELECT 'operator family ' || f.opfname FROM pg_opfamily f JOIN pg_namespace n ON n.oid = f.opfnamespace WHERE {u} AND {e3}",
                u = user_ns("n"),
                e1 = not_ext("pg_collation", "co.oid"),
                e2 = not_ext("pg_operator", "o.oid"),
                e3 = not_ext("pg_opfamily", "f.oid"),
            ),
        ),
        (
            "text search configurations and dictionaries in user schemas",
            format!(
                "SELECT 'text search configuration ' || c.cfgname FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace WHERE {u} AND {e1} \
                 UNION ALL SELECT 'text search dictionary ' || d.dictname FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace WHERE {u} AND {e2}",
                u = user_ns("n"),
                e1 = not_ext("pg_ts_config", "c.oid"),
                e2 = not_ext("pg_ts_dict", "d.oid"),
            ),
        ),
        (
            "casts through functions in user schemas",
            format!(
                "SELECT format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL) FROM pg_cast c \
                 JOIN pg_proc p ON p.oid = c.castfunc JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {} AND {}",
                user_ns("n"),
                not_ext("pg_cast", "c.oid")
            ),
        ),
        (
            "publications (restoring would take the tables out of them)",
            "SELECT p.pubname || ' on ' || r.prrelid::regclass::text FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid".into(),
        ),
        (
            "rewrite rules",
            format!("SELECT r.rulename || ' on ' || c.oid::regclass::text FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {} AND r.rulename <> '_RETURN'", user_ns("n")),
        ),
    ];
    for (what, sql) in checks {
        let found = rows(client, &sql)?;
        if !found.is_empty() {
            let names: Vec<&str> = found.iter().take(5).map(|r| s(r, 0)).collect();
            return Err(BackupError::NotExact {
                objects: format!("{what} ({})", names.join(", ")),
                tool: "pg_dump".into(),
            });
        }
    }
    Ok(())
}

/// `GRANT`s that reproduce an ACL (`aclexplode`) on `object` (e.g. `SCHEMA public`).
fn grants(
    client: &mut Client,
    acl_sql: &str,
    object: &str,
    out: &mut String,
) -> Result<(), BackupError> {
    let sql = format!(
        "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END, \
         a.privilege_type, a.is_grantable FROM aclexplode(({acl_sql})) a ORDER BY 1, 2"
    );
    for r in rows(client, &sql)? {
        out.push_str(&format!(
            "GRANT {} ON {object} TO {}{};\n",
            s(&r, 1),
            s(&r, 0),
            if s(&r, 2) == "t" {
                " WITH GRANT OPTION"
            } else {
                ""
            }
        ));
    }
    Ok(())
}

fn schema_sql(client: &mut Client, version: u32) -> Result<SchemaSql, BackupError> {
    refuse_unsupported(client)?;
    let mut pre = String::new();
    let mut post = String::new();
    let mut comments = String::new();
    let mut acl = String::new();

    // Schemas, with owner and privileges (a dropped-and-recreated schema gets neither back
    // by itself).
    for r in rows(
        client,
        &format!(
            "SELECT quote_ident(n.nspname), quote_ident(pg_get_userbyid(n.nspowner)), n.nspacl IS NOT NULL, \
             obj_description(n.oid, 'pg_namespace'), n.oid FROM pg_namespace n WHERE {} AND {} ORDER BY n.nspname",
            user_ns("n"),
            not_ext("pg_namespace", "n.oid")
        ),
    )? {
        let name = s(&r, 0);
        pre.push_str(&format!(
            "CREATE SCHEMA IF NOT EXISTS {name};\nALTER SCHEMA {name} OWNER TO {};\n",
            s(&r, 1)
        ));
        if s(&r, 2) == "t" {
            pre.push_str(&format!("REVOKE ALL ON SCHEMA {name} FROM PUBLIC;\n"));
            let mut g = String::new();
            grants(
                client,
                &format!("SELECT nspacl FROM pg_namespace WHERE oid = {}", s(&r, 4)),
                &format!("SCHEMA {name}"),
                &mut g,
            )?;
            pre.push_str(&g);
        }
        if let Some(c) = r[3].as_deref() {
            comments.push_str(&format!("COMMENT ON SCHEMA {name} IS {};\n", lit(c)));
        }
    }
    // Extensions (their objects come back with them).
    for r in rows(
        client,
        &format!(
            "SELECT quote_ident(e.extname), quote_ident(n.nspname) FROM pg_extension e \
             JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' AND {} ORDER BY e.oid",
            user_ns("n")
        ),
    )? {
        pre.push_str(&format!(
            "CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {};\n",
            s(&r, 0),
            s(&r, 1)
        ));
    }
    // Enums and composite types first (domains and tables may use them), then domains.
    for r in rows(
        client,
        &format!(
            "SELECT t.oid::regtype::text, t.typtype, \
               (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), \
               (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) \
                  FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), \
               obj_description(t.oid, 'pg_type') \
             FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
             LEFT JOIN pg_class c ON c.oid = t.typrelid \
             WHERE {} AND {} AND (t.typtype = 'e' OR (t.typtype = 'c' AND c.relkind = 'c')) ORDER BY t.oid",
            user_ns("n"),
            not_ext("pg_type", "t.oid")
        ),
    )? {
        let name = s(&r, 0);
        if s(&r, 1) == "e" {
            pre.push_str(&format!("CREATE TYPE {name} AS ENUM ({});\n", s(&r, 2)));
        } else {
            pre.push_str(&format!("CREATE TYPE {name} AS ({});\n", s(&r, 3)));
        }
        if let Some(c) = r[4].as_deref() {
            comments.push_str(&format!("COMMENT ON TYPE {name} IS {};\n", lit(c)));
        }
    }
    for r in rows(
        client,
        &format!(
            "SELECT t.oid::regtype::text, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault, \
               CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN \
                 (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation) END, \
               (SELECT string_agg('ALTER DOMAIN ' || t.oid::regtype::text || ' ADD CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid) || ';', E'\\n' ORDER BY k.conname) \
                  FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c'), \
               obj_description(t.oid, 'pg_type') \
             FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_type bt ON bt.oid = t.typbasetype \
             WHERE {} AND {} AND t.typtype = 'd' ORDER BY t.oid",
            user_ns("n"),
            not_ext("pg_type", "t.oid")
        ),
    )? {
        let name = s(&r, 0);
        pre.push_str(&format!("CREATE DOMAIN {name} AS {}", s(&r, 1)));
        if let Some(c) = r[4].as_deref() {
            pre.push_str(&format!(" COLLATE {c}"));
        }
        if let Some(d) = r[3].as_deref() {
            pre.push_str(&format!(" DEFAULT {d}"));
        }
        if s(&r, 2) == "t" {
            pre.push_str(" NOT NULL");
        }
        pre.push_str(";\n");
        if let Some(k) = r[5].as_deref() {
            pre.push_str(k);
            pre.push('\n');
        }
        if let Some(c) = r[6].as_deref() {
            comments.push_str(&format!("COMMENT ON DOMAIN {name} IS {};\n", lit(c)));
        }
    }
    // Routines. Bodies are not checked at creation (check_function_bodies is off), so they
    // may name tables that come later; SQL-standard bodies are parsed at creation, so they
    // wait for the tables (post-schema, with the views, in creation order).
    let sqlbody = if version >= 14 {
        "p.prosqlbody IS NOT NULL"
    } else {
        "false"
    };
    let mut late: BTreeMap<u64, String> = BTreeMap::new();
    for r in rows(
        client,
        &format!(
            "SELECT p.oid, pg_get_functiondef(p.oid), {sqlbody}, p.oid::regprocedure::text, p.prokind, \
             obj_description(p.oid, 'pg_proc') \
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
             WHERE {} AND {} AND p.prokind IN ('f', 'p') ORDER BY p.oid",
            user_ns("n"),
            not_ext("pg_proc", "p.oid")
        ),
    )? {
        let def = format!("{};\n", s(&r, 1).trim_end());
        if s(&r, 2) == "t" {
            late.insert(s(&r, 0).parse().unwrap_or(0), def);
        } else {
            pre.push_str(&def);
        }
        if let Some(c) = r[5].as_deref() {
            let kind = if s(&r, 4) == "p" { "PROCEDURE" } else { "FUNCTION" };
            comments.push_str(&format!("COMMENT ON {kind} {} IS {};\n", s(&r, 3), lit(c)));
        }
    }
    // Sequences that are not an identity column's (those come with their table).
    let mut positions = String::new();
    for r in rows(
        client,
        &format!(
            "SELECT c.oid::regclass::text, format_type(q.seqtypid, NULL), q.seqincrement, q.seqmin, q.seqmax, \
               q.seqstart, q.seqcache, q.seqcycle, c.relpersistence, \
               (SELECT d.refobjid::regclass::text || '.' || quote_ident(a.attname) FROM pg_depend d \
                  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a' AND d.refclassid = 'pg_class'::regclass LIMIT 1), \
               EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i'), \
               obj_description(c.oid, 'pg_class'), c.relacl IS NOT NULL, c.oid \
             FROM pg_sequence q JOIN pg_class c ON c.oid = q.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE {} AND {} ORDER BY c.oid",
            user_ns("n"),
            not_ext("pg_class", "c.oid")
        ),
    )? {
        let name = s(&r, 0).to_string();
        let identity = s(&r, 10) == "t";
        if !identity {
            pre.push_str(&format!(
                "CREATE {}SEQUENCE {name} AS {} INCREMENT BY {} MINVALUE {} MAXVALUE {} START WITH {} CACHE {} {}CYCLE;\n",
                if s(&r, 8) == "u" { "UNLOGGED " } else { "" },
                s(&r, 1),
                s(&r, 2),
                s(&r, 3),
                s(&r, 4),
                s(&r, 5),
                s(&r, 6),
                if s(&r, 7) == "t" { "" } else { "NO " }
            ));
            if let Some(owner) = r[9].as_deref() {
                positions.push_str(&format!("ALTER SEQUENCE {name} OWNED BY {owner};\n"));
            }
            if let Some(c) = r[11].as_deref() {
                comments.push_str(&format!("COMMENT ON SEQUENCE {name} IS {};\n", lit(c)));
            }
            if s(&r, 12) == "t" {
                acl.push_str(&format!("REVOKE ALL ON SEQUENCE {name} FROM PUBLIC;\n"));
                grants(
                    client,
                    &format!("SELECT relacl FROM pg_class WHERE oid = {}", s(&r, 13)),
                    &format!("SEQUENCE {name}"),
                    &mut acl,
                )?;
            }
        }
        let pos = rows(client, &format!("SELECT last_value, is_called FROM {name}"))?;
        if let Some(p) = pos.first() {
            positions.push_str(&format!(
                "SELECT pg_catalog.setval({}, {}, {});\n",
                lit(&name),
                s(p, 0),
                if s(p, 1) == "t" { "true" } else { "false" }
            ));
        }
    }
    // Tables: columns with types, defaults, generated expressions, identity; every other
    // constraint and every index comes after the rows. Partitioned tables hold no rows.
    let mut tables = Vec::new();
    let table_rows = parents_first(rows(
        client,
        &format!(
            "SELECT c.oid, c.oid::regclass::text, c.relpersistence, array_to_string(c.reloptions, ', '), \
               obj_description(c.oid, 'pg_class'), c.relacl IS NOT NULL, c.relrowsecurity, c.relforcerowsecurity, c.relkind, \
               c.relispartition, CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, \
               CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END, \
               (SELECT string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno) FROM pg_inherits i WHERE i.inhrelid = c.oid), \
               (SELECT string_agg(i.inhparent::text, ',') FROM pg_inherits i WHERE i.inhrelid = c.oid), \
               n.nspname, c.relname, EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhparent = c.oid) \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE {} AND {} AND c.relkind IN ('r', 'p') ORDER BY c.oid",
            user_ns("n"),
            not_ext("pg_class", "c.oid")
        ),
    )?);
    for t in &table_rows {
        let oid = s(t, 0);
        let name = s(t, 1).to_string();
        let partitioned = s(t, 8) == "p";
        let partition = s(t, 9) == "t";
        let parents = t[12].as_deref();
        // An inheritance child lists only its own columns; the rest come from INHERITS.
        let inherits = !partition && parents.is_some();
        let mut inherited_fixes = String::new();
        let cols = rows(
            client,
            &format!(
                "SELECT quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), a.attnotnull, \
                   pg_get_expr(d.adbin, d.adrelid), a.attgenerated, a.attidentity, \
                   CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation THEN \
                     (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END, \
                   col_description(a.attrelid, a.attnum), \
                   (SELECT format('SEQUENCE NAME %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s %sCYCLE', \
                        q.seqrelid::regclass::text, q.seqincrement, q.seqmin, q.seqmax, q.seqstart, q.seqcache, CASE WHEN q.seqcycle THEN '' ELSE 'NO ' END) \
                      FROM pg_depend dd JOIN pg_sequence q ON q.seqrelid = dd.objid \
                      WHERE dd.refobjid = a.attrelid AND dd.refobjsubid = a.attnum AND dd.deptype = 'i' AND dd.classid = 'pg_class'::regclass LIMIT 1), \
                   a.attname, a.attislocal \
                 FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid \
                 LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
                 WHERE a.attrelid = {oid} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"
            ),
        )?;
        let mut defs = Vec::new();
        let mut data = DataTable {
            name: name.clone(),
            columns: Vec::new(),
            quoted_columns: Vec::new(),
            schema: s(t, 14).to_string(),
            relname: s(t, 15).to_string(),
            has_children: s(t, 16) == "t",
        };
        for c in &cols {
            let generated = s(c, 4) == "s";
            if inherits && s(c, 10) == "f" {
                // Inherited: the type, generation and identity come from the parent; a
                // default or NOT NULL of the child's own is set on it after.
                if let (false, Some(expr)) = (generated, c[3].as_deref()) {
                    inherited_fixes.push_str(&format!(
                        "ALTER TABLE ONLY {name} ALTER COLUMN {} SET DEFAULT {expr};\n",
                        s(c, 0)
                    ));
                }
                if s(c, 2) == "t" {
                    inherited_fixes.push_str(&format!(
                        "ALTER TABLE ONLY {name} ALTER COLUMN {} SET NOT NULL;\n",
                        s(c, 0)
                    ));
                }
                if !generated {
                    data.quoted_columns.push(s(c, 0).to_string());
                    data.columns.push(ColumnInfo {
                        name: s(c, 9).to_string(),
                        ty: s(c, 1).to_string(),
                    });
                }
                if let Some(comment) = c[7].as_deref() {
                    comments.push_str(&format!(
                        "COMMENT ON COLUMN {name}.{} IS {};\n",
                        s(c, 0),
                        lit(comment)
                    ));
                }
                continue;
            }
            let mut def = format!("{} {}", s(c, 0), s(c, 1));
            if let Some(coll) = c[6].as_deref() {
                def.push_str(&format!(" COLLATE {coll}"));
            }
            match (generated, c[3].as_deref()) {
                (true, Some(expr)) => {
                    def.push_str(&format!(" GENERATED ALWAYS AS ({expr}) STORED"))
                }
                (false, Some(expr)) => def.push_str(&format!(" DEFAULT {expr}")),
                _ => {}
            }
            // A partition's identity is its parent's (given back by the attach).
            match if partition { "" } else { s(c, 5) } {
                "a" => def.push_str(&format!(" GENERATED ALWAYS AS IDENTITY ({})", s(c, 8))),
                "d" => def.push_str(&format!(" GENERATED BY DEFAULT AS IDENTITY ({})", s(c, 8))),
                _ => {}
            }
            if s(c, 2) == "t" {
                def.push_str(" NOT NULL");
            }
            defs.push(def);
            if let Some(comment) = c[7].as_deref() {
                comments.push_str(&format!(
                    "COMMENT ON COLUMN {name}.{} IS {};\n",
                    s(c, 0),
                    lit(comment)
                ));
            }
            if !generated {
                data.quoted_columns.push(s(c, 0).to_string());
                data.columns.push(ColumnInfo {
                    name: s(c, 9).to_string(),
                    ty: s(c, 1).to_string(),
                });
            }
        }
        pre.push_str(&format!(
            "CREATE {}TABLE {name} (\n    {}\n)",
            if s(t, 2) == "u" { "UNLOGGED " } else { "" },
            defs.join(",\n    ")
        ));
        if let (true, Some(parents)) = (inherits, parents) {
            pre.push_str(&format!(" INHERITS ({parents})"));
        }
        if let Some(key) = t[10].as_deref() {
            pre.push_str(&format!(" PARTITION BY {key}"));
        }
        if let Some(opts) = t[3].as_deref().filter(|o| !o.is_empty()) {
            pre.push_str(&format!(" WITH ({opts})"));
        }
        pre.push_str(";\n");
        pre.push_str(&inherited_fixes);
        if let (true, Some(parent), Some(bound)) = (partition, parents, t[11].as_deref()) {
            // Created as a table of its own and attached, as pg_dump does: its column order
            // stays its own, whatever the parent's.
            pre.push_str(&format!(
                "ALTER TABLE {parent} ATTACH PARTITION {name} {bound};\n"
            ));
        }
        if let Some(c) = t[4].as_deref() {
            comments.push_str(&format!("COMMENT ON TABLE {name} IS {};\n", lit(c)));
        }
        if s(t, 5) == "t" {
            acl.push_str(&format!("REVOKE ALL ON TABLE {name} FROM PUBLIC;\n"));
            grants(
                client,
                &format!("SELECT relacl FROM pg_class WHERE oid = {oid}"),
                &format!("TABLE {name}"),
                &mut acl,
            )?;
        }
        if s(t, 6) == "t" {
            acl.push_str(&format!("ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;\n"));
        }
        if s(t, 7) == "t" {
            acl.push_str(&format!("ALTER TABLE {name} FORCE ROW LEVEL SECURITY;\n"));
        }
        if !partitioned {
            tables.push(data);
        }
    }
    // After the rows: keys, unique and check and exclusion constraints, indexes, then views
    // and SQL-body routines in creation order, then foreign keys (cycles are no problem
    // once every row is in), triggers, sequence positions, comments, privileges.
    let constraint_rows = rows(
        client,
        &format!(
            "SELECT k.conrelid::regclass::text, quote_ident(k.conname), pg_get_constraintdef(k.oid), k.contype, \
             obj_description(k.oid, 'pg_constraint'), \
             c.relkind = 'p' OR EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhparent = c.oid) \
             FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE {} AND {} AND k.contype IN ('p', 'u', 'c', 'x', 'f') AND c.relkind IN ('r', 'p') \
               AND (k.conislocal OR (k.contype IN ('p', 'u', 'x') AND k.conparentid <> 0)) \
               AND NOT (k.contype = 'f' AND k.conparentid <> 0) \
             ORDER BY k.contype = 'f', k.contype = 'c', k.conrelid, k.conname",
            user_ns("n"),
            not_ext("pg_class", "c.oid")
        ),
    )?;
    let mut fks = String::new();
    for k in &constraint_rows {
        // A key is added to the parent alone and to each partition, whose index is attached
        // below (so each keeps its name); a check or foreign key on a table with children
        // is added to the whole tree (PostgreSQL refuses ONLY for those on partitioned
        // tables), and the children's inherited copies are not listed.
        let only = if s(k, 5) == "t" && matches!(s(k, 3), "c" | "f") {
            ""
        } else {
            "ONLY "
        };
        let stmt = format!(
            "ALTER TABLE {only}{} ADD CONSTRAINT {} {};\n",
            s(k, 0),
            s(k, 1),
            s(k, 2)
        );
        if s(k, 3) == "f" {
            fks.push_str(&stmt);
        } else {
            post.push_str(&stmt);
        }
        if let Some(c) = k[4].as_deref() {
            comments.push_str(&format!(
                "COMMENT ON CONSTRAINT {} ON {} IS {};\n",
                s(k, 1),
                s(k, 0),
                lit(c)
            ));
        }
    }
    let index_rows = rows(
        client,
        &format!(
            "SELECT pg_get_indexdef(i.indexrelid), ic.oid::regclass::text, obj_description(ic.oid, 'pg_class'), c.relkind \
             FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE {} AND {} AND c.relkind IN ('r', 'p', 'm') \
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x')) \
             ORDER BY i.indexrelid",
            user_ns("n"),
            not_ext("pg_class", "c.oid")
        ),
    )?;
    let mut matview_indexes = String::new();
    for i in &index_rows {
        let stmt = format!("{};\n", s(i, 0));
        if s(i, 3) == "m" {
            matview_indexes.push_str(&stmt);
        } else {
            post.push_str(&stmt);
        }
        if let Some(c) = i[2].as_deref() {
            comments.push_str(&format!("COMMENT ON INDEX {} IS {};\n", s(i, 1), lit(c)));
        }
    }
    // A partitioned table's index becomes valid once each partition's index is attached;
    // before the foreign keys, which need the referenced key valid.
    for a in rows(
        client,
        &format!(
            "SELECT i.inhparent::regclass::text, i.inhrelid::regclass::text \
             FROM pg_inherits i JOIN pg_class ic ON ic.oid = i.inhrelid JOIN pg_namespace n ON n.oid = ic.relnamespace \
             WHERE {} AND ic.relkind IN ('i', 'I') ORDER BY i.inhrelid",
            user_ns("n")
        ),
    )? {
        post.push_str(&format!(
            "ALTER INDEX {} ATTACH PARTITION {};\n",
            s(&a, 0),
            s(&a, 1)
        ));
    }
    for v in rows(
        client,
        &format!(
            "SELECT c.oid, c.oid::regclass::text, c.relkind, pg_get_viewdef(c.oid), array_to_string(c.reloptions, ', '), \
             obj_description(c.oid, 'pg_class'), c.relacl IS NOT NULL, \
             (SELECT string_agg('COMMENT ON COLUMN ' || c.oid::regclass::text || '.' || quote_ident(a.attname) || ' IS ' || quote_literal(col_description(c.oid, a.attnum)) || ';', E'\\n') \
                FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NOT NULL) \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE {} AND {} AND c.relkind IN ('v', 'm') ORDER BY c.oid",
            user_ns("n"),
            not_ext("pg_class", "c.oid")
        ),
    )? {
        let name = s(&v, 1);
        let with = v[4]
            .as_deref()
            .filter(|o| !o.is_empty())
            .map(|o| format!(" WITH ({o})"))
            .unwrap_or_default();
        let body = s(&v, 3).trim_end().trim_end_matches(';');
        let stmt = if s(&v, 2) == "m" {
            format!("CREATE MATERIALIZED VIEW {name}{with} AS\n{body}\nWITH DATA;\n")
        } else {
            format!("CREATE VIEW {name}{with} AS\n{body};\n")
        };
        late.insert(s(&v, 0).parse().unwrap_or(0), stmt);
        let kind = if s(&v, 2) == "m" { "MATERIALIZED VIEW" } else { "VIEW" };
        if let Some(c) = v[5].as_deref() {
            comments.push_str(&format!("COMMENT ON {kind} {name} IS {};\n", lit(c)));
        }
        if let Some(c) = v[7].as_deref() {
            comments.push_str(c);
            comments.push('\n');
        }
        if s(&v, 6) == "t" {
            acl.push_str(&format!("REVOKE ALL ON TABLE {name} FROM PUBLIC;\n"));
            grants(
                client,
                &format!("SELECT relacl FROM pg_class WHERE oid = {}", s(&v, 0)),
                &format!("TABLE {name}"),
                &mut acl,
            )?;
        }
    }
    for stmt in late.values() {
        post.push_str(stmt);
    }
    post.push_str(&matview_indexes);
    post.push_str(&fks);
    // A partitioned table's trigger is cloned onto each partition, which comes back with
    // the parent's.
    let cloned = if version >= 13 {
        "t.tgparentid = 0"
    } else {
        "true"
    };
    for t in rows(
        client,
        &format!(
            "SELECT pg_get_triggerdef(t.oid), t.tgenabled, quote_ident(t.tgname), c.oid::regclass::text, \
             obj_description(t.oid, 'pg_trigger') \
             FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE {} AND NOT t.tgisinternal AND {} AND {cloned} ORDER BY t.oid",
            user_ns("n"),
            not_ext("pg_class", "c.oid"),
        ),
    )? {
        post.push_str(&format!("{};\n", s(&t, 0)));
        let state = match s(&t, 1) {
            "D" => Some("DISABLE"),
            "R" => Some("ENABLE REPLICA"),
            "A" => Some("ENABLE ALWAYS"),
            _ => None,
        };
        if let Some(state) = state {
            post.push_str(&format!(
                "ALTER TABLE {} {state} TRIGGER {};\n",
                s(&t, 3),
                s(&t, 2)
            ));
        }
        if let Some(c) = t[4].as_deref() {
            comments.push_str(&format!(
                "COMMENT ON TRIGGER {} ON {} IS {};\n",
                s(&t, 2),
                s(&t, 3),
                lit(c)
            ));
        }
    }
    for p in rows(
        client,
        &format!(
            "SELECT quote_ident(p.polname), c.oid::regclass::text, CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END, \
               CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END, \
               (SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END, ', ') FROM unnest(p.polroles) r), \
               pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid) \
             FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE {} ORDER BY p.oid",
            user_ns("n")
        ),
    )? {
        acl.push_str(&format!(
            "CREATE POLICY {} ON {} AS {} FOR {} TO {}{}{};\n",
            s(&p, 0),
            s(&p, 1),
            s(&p, 2),
            s(&p, 3),
            s(&p, 4),
            p[5].as_deref()
                .map(|q| format!(" USING ({q})"))
                .unwrap_or_default(),
            p[6].as_deref()
                .map(|q| format!(" WITH CHECK ({q})"))
                .unwrap_or_default(),
        ));
    }
    // Replica identity and the index a table is clustered on.
    for r in rows(
        client,
        &format!(
            "SELECT c.oid::regclass::text, c.relreplident, \
               (SELECT quote_ident(ic.relname) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid AND i.indisreplident LIMIT 1), \
               (SELECT quote_ident(ic.relname) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid AND i.indisclustered LIMIT 1) \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE {} AND {} AND c.relkind IN ('r', 'm') AND (c.relreplident <> 'd' OR EXISTS \
               (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisclustered)) ORDER BY c.oid",
            user_ns("n"),
            not_ext("pg_class", "c.oid")
        ),
    )? {
        let table = s(&r, 0);
        match (s(&r, 1), r[2].as_deref()) {
            ("f", _) => post.push_str(&format!("ALTER TABLE {table} REPLICA IDENTITY FULL;\n")),
            ("n", _) => post.push_str(&format!("ALTER TABLE {table} REPLICA IDENTITY NOTHING;\n")),
            ("i", Some(index)) => post.push_str(&format!(
                "ALTER TABLE {table} REPLICA IDENTITY USING INDEX {index};\n"
            )),
            _ => {}
        }
        if let Some(index) = r[3].as_deref() {
            post.push_str(&format!("ALTER TABLE {table} CLUSTER ON {index};\n"));
        }
    }
    // Extended statistics live in a schema and go with it.
    for st in rows(
        client,
        &format!(
            "SELECT pg_get_statisticsobjdef(st.oid) FROM pg_statistic_ext st JOIN pg_namespace n ON n.oid = st.stxnamespace \
             WHERE {} AND {} ORDER BY st.oid",
            user_ns("n"),
            not_ext("pg_statistic_ext", "st.oid")
        ),
    )? {
        post.push_str(&format!("{};\n", s(&st, 0)));
    }
    owners(client, &mut acl)?;
    // Default privileges tied to a schema disappear with it.
    for d in rows(
        client,
        &format!(
            "SELECT quote_ident(pg_get_userbyid(d.defaclrole)), quote_ident(n.nspname), \
               CASE d.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS' WHEN 'T' THEN 'TYPES' WHEN 'n' THEN 'SCHEMAS' END, \
               a.privilege_type, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END, a.is_grantable \
             FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a \
             WHERE {} ORDER BY 1, 2, 3, 5, 4",
            user_ns("n")
        ),
    )? {
        acl.push_str(&format!(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT {} ON {} TO {}{};\n",
            s(&d, 0),
            s(&d, 1),
            s(&d, 3),
            s(&d, 2),
            s(&d, 4),
            if s(&d, 5) == "t" { " WITH GRANT OPTION" } else { "" }
        ));
    }
    post.push_str(&positions);
    post.push_str(&comments);
    post.push_str(&acl);
    Ok(SchemaSql { pre, post, tables })
}

/// Orders tables so that every parent (partitioned or inherited) comes before its children;
/// column 0 is the oid, column 13 the parents' oids.
fn parents_first(mut pending: Vec<Vec<Option<String>>>) -> Vec<Vec<Option<String>>> {
    let all: std::collections::BTreeSet<String> =
        pending.iter().map(|r| s(r, 0).to_string()).collect();
    let mut done = std::collections::BTreeSet::new();
    let mut out = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let before = pending.len();
        let (ready, wait): (Vec<_>, Vec<_>) = pending.into_iter().partition(|r| {
            s(r, 13)
                .split(',')
                .filter(|p| !p.is_empty() && all.contains(*p))
                .all(|p| done.contains(p))
        });
        for r in &ready {
            done.insert(s(r, 0).to_string());
        }
        out.extend(ready);
        pending = wait;
        if pending.len() == before {
            // Inheritance has no cycles; this only guards against looping forever.
            out.append(&mut pending);
        }
    }
    out
}

/// `ALTER … OWNER TO` for every object owned by someone other than the user taking the
/// backup (objects a restore creates belong to the restoring user otherwise).
fn owners(client: &mut Client, out: &mut String) -> Result<(), BackupError> {
    let sql = format!(
        "SELECT CASE c.relkind WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'TABLE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'SEQUENCE' END, \
           c.oid::regclass::text, quote_ident(pg_get_userbyid(c.relowner)) \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE {u} AND {e1} AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user) \
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i') \
         UNION ALL \
         SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, p.oid::regprocedure::text, quote_ident(pg_get_userbyid(p.proowner)) \
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE {u} AND {e2} AND p.prokind IN ('f', 'p') AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user) \
         UNION ALL \
         SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype::text, quote_ident(pg_get_userbyid(t.typowner)) \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_class c ON c.oid = t.typrelid \
         WHERE {u} AND {e3} AND (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND c.relkind = 'c')) \
           AND t.typowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)",
        u = user_ns("n"),
        e1 = not_ext("pg_class", "c.oid"),
        e2 = not_ext("pg_proc", "p.oid"),
        e3 = not_ext("pg_type", "t.oid"),
    );
    for r in rows(client, &sql)? {
        out.push_str(&format!(
            "ALTER {} {} OWNER TO {};\n",
            s(&r, 0),
            s(&r, 1),
            s(&r, 2)
        ));
    }
    Ok(())
}

/// Starts the snapshot transaction and takes `ACCESS SHARE` locks on every table, as pg_dump
/// does: DDL on them then waits for the backup instead of changing what it reads halfway
/// (the catalog functions see the latest definitions, not the snapshot's). A table dropped
/// between listing and locking restarts the snapshot.
fn snapshot_with_locks(client: &mut Client) -> Result<(), BackupError> {
    let mut last = String::new();
    for attempt in 0..10u64 {
        if attempt > 0 {
            std::thread::sleep(std::time::Duration::from_millis(50 * attempt));
        }
        batch(
            client,
            &format!(
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; {PIN}; SET LOCAL lock_timeout = '60s'"
            ),
            "starting the snapshot",
        )?;
        let tables: Vec<String> = rows(
            client,
            &format!(
                // Ordinary tables only: PostgreSQL refuses LOCK TABLE on a materialized view,
                // and a view's rows come from its tables.
                "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE {} AND {} AND c.relkind = 'r' ORDER BY c.oid",
                user_ns("n"),
                not_ext("pg_class", "c.oid")
            ),
        )?
        .into_iter()
        .map(|r| s(&r, 0).to_string())
        .collect();
        if tables.is_empty() {
            return Ok(());
        }
        match client.batch_execute(&format!(
            "LOCK TABLE {} IN ACCESS SHARE MODE",
            tables.join(", ")
        )) {
            Ok(()) => return Ok(()),
            // 42P01: a table was dropped after it was listed.
            Err(e) if e.code().is_some_and(|c| c.code() == "42P01") => {
                last = e
                    .as_db_error()
                    .map(|d| d.message().to_string())
                    .unwrap_or_default();
                batch(client, "ROLLBACK", "restarting the snapshot")?;
            }
            Err(e) => {
                return Err(engine_err(
                    "locking the tables for the backup (is a long migration holding them?)",
                    &e,
                ))
            }
        }
    }
    Err(BackupError::Engine(format!(
        "postgres: the tables kept changing while the backup started ({last}); try again"
    )))
}

/// Drops every user schema (and so everything in it), inside the caller's transaction.
fn drop_everything(client: &mut Client) -> Result<(), BackupError> {
    let schemas = rows(
        client,
        &format!(
            "SELECT quote_ident(n.nspname) FROM pg_namespace n WHERE {} AND {} ORDER BY 1",
            user_ns("n"),
            not_ext("pg_namespace", "n.oid")
        ),
    )?;
    for r in schemas {
        batch(
            client,
            &format!("DROP SCHEMA {} CASCADE", s(&r, 0)),
            "dropping the current objects",
        )?;
    }
    Ok(())
}

fn copy_sql(table: &str, columns: &[String], direction: &str) -> String {
    if columns.is_empty() {
        // A table without columns still has rows; COPY writes an empty line for each.
        return format!("COPY {table} {direction}");
    }
    format!("COPY {table} ({}) {direction}", columns.join(", "))
}

fn quoted_columns(client: &mut Client, start: &TableStart) -> Result<Vec<String>, BackupError> {
    start
        .columns
        .iter()
        .map(|c| {
            let r = rows(client, &format!("SELECT quote_ident({})", lit(&c.name)))?;
            Ok(r.first().map(|r| s(r, 0).to_string()).unwrap_or_default())
        })
        .collect()
}

fn quote_ident_local(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// Schema and table of a name as `regclass` spells it under an empty `search_path`
/// (`schema.table`, each part quoted when it must be).
fn split_qualified(name: &str) -> Option<(String, String)> {
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut chars = name.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                part.push('"');
            }
            '"' => quoted = !quoted,
            '.' if !quoted => parts.push(std::mem::take(&mut part)),
            c => part.push(c),
        }
    }
    parts.push(part);
    match <[String; 2]>::try_from(parts) {
        Ok([schema, table]) => Some((schema, table)),
        Err(_) => None,
    }
}

/// Whether `value::text` of a column of type `ty` (as `format_type` spells it) is exactly
/// the text `COPY … TO` writes for it, whatever the guard's session settings: then the
/// stream can compute the guard's content digest. Not so for `boolean` (`true` vs `t`),
/// `character(n)` (the cast trims the padding), `inet` (the cast adds the mask), and types
/// whose text follows settings the backup pins (dates, times, intervals, floats, money).
fn text_is_copy_text(ty: &str) -> bool {
    let base = ty.trim_end_matches("[]");
    let base = base.split('(').next().unwrap_or(base).trim();
    matches!(
        base,
        "smallint"
            | "integer"
            | "bigint"
            | "numeric"
            | "text"
            | "character varying"
            | "bytea"
            | "uuid"
            | "json"
            | "jsonb"
    )
}

/// Counts the values of one table's `COPY … TO` text stream, field by field, across chunk
/// boundaries: `\N` is NULL, every other field a value whose digest is the SHA-256 of its
/// unescaped text (the client encoding is UTF8, so these are the bytes the guard's
/// `sha256(convert_to(value::text, 'UTF8'))` reads).
struct CopyTally {
    tally: TableTally,
    width: usize,
    column: usize,
    /// A field cut by a chunk boundary, so far.
    partial: Vec<u8>,
    unescaped: Vec<u8>,
}

impl ChunkTally for CopyTally {
    fn feed(&mut self, chunk: &[u8], rows: u64) {
        CopyTally::feed(self, chunk, rows);
    }

    fn finish(self) -> keel_backup::TableStats {
        self.tally.finish()
    }
}

impl CopyTally {
    fn new(tally: TableTally) -> Self {
        let width = tally.width();
        Self {
            tally,
            width,
            column: 0,
            partial: Vec::new(),
            unescaped: Vec::new(),
        }
    }

    fn feed(&mut self, mut chunk: &[u8], rows: u64) {
        self.tally.rows(rows);
        while let Some(end) = memchr::memchr2(b'\t', b'\n', chunk) {
            if self.partial.is_empty() {
                self.field(&chunk[..end]);
            } else {
                let mut whole = std::mem::take(&mut self.partial);
                whole.extend_from_slice(&chunk[..end]);
                self.field(&whole);
                whole.clear();
                self.partial = whole;
            }
            if chunk[end] == b'\n' {
                self.column = 0;
            } else {
                self.column += 1;
            }
            chunk = &chunk[end + 1..];
        }
        self.partial.extend_from_slice(chunk);
    }

    fn field(&mut self, raw: &[u8]) {
        // A table without columns writes an empty line per row: no field at all.
        if self.width == 0 || raw == b"\\N" {
            return;
        }
        if !self.tally.digests(self.column) {
            self.tally.value(self.column, None);
        } else if raw.contains(&b'\\') {
            unescape_copy_text(raw, &mut self.unescaped);
            self.tally.hashed_value(self.column, &self.unescaped);
        } else {
            self.tally.hashed_value(self.column, raw);
        }
    }
}

/// The value a `COPY` text field stands for: backslash escapes resolved.
fn unescape_copy_text(raw: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        i += 1;
        if b != b'\\' || i == raw.len() {
            out.push(b);
            continue;
        }
        let e = raw[i];
        i += 1;
        match e {
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match raw.get(i) {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(v as u8);
            }
            b'x' if raw.get(i).is_some_and(u8::is_ascii_hexdigit) => {
                let mut v = 0u8;
                for _ in 0..2 {
                    match raw.get(i).and_then(|d| (*d as char).to_digit(16)) {
                        Some(d) => {
                            v = v * 16 + d as u8;
                            i += 1;
                        }
                        None => break,
                    }
                }
                out.push(v);
            }
            other => out.push(other),
        }
    }
}

impl BackupEngine for PostgresBackup {
    fn name(&self) -> &'static str {
        "postgres"
    }

    fn layout(&self) -> &'static str {
        "logical"
    }

    fn create(
        &self,
        conn: &mut dyn Connection,
        sink: &mut FrameSink<'_>,
        ctx: &mut EngineContext<'_>,
    ) -> Result<TableSums, BackupError> {
        let mut own = open(conn)?;
        let version = own.server().version.major;
        let client = own.raw();
        ctx.observer.on_event(&BackupEvent::Phase("snapshot"));
        snapshot_with_locks(client)?;
        let schema = schema_sql(client, version)?;
        // The tables' size on disk gives a progress bar its end; COPY text is seldom far
        // from it.
        let estimate = if schema.tables.is_empty() {
            None
        } else {
            let names: Vec<String> = schema.tables.iter().map(|t| lit(&t.name)).collect();
            rows(
                client,
                &format!(
                    "SELECT sum(pg_relation_size(t::regclass)) FROM unnest(ARRAY[{}]) t",
                    names.join(", ")
                ),
            )?
            .first()
            .and_then(|r| s(r, 0).parse::<u64>().ok())
            .filter(|n| *n > 0)
        };
        let werr =
            |e: std::io::Error| BackupError::io("cannot write the backup", "<backup stream>", e);
        sink.write(FrameKind::Schema, schema.pre.as_bytes())
            .map_err(werr)?;
        ctx.observer.on_event(&BackupEvent::Phase("stream"));
        let mut sums = TableSums::new();
        let mut buf = vec![0u8; CHUNK];
        let mut tally = TallyThread::<CopyTally>::spawn();
        for t in &schema.tables {
            let start = TableStart {
                table: t.name.clone(),
                columns: t.columns.clone(),
            };
            let counted = !t.has_children && ctx.counts(&t.schema, &t.relname);
            if counted {
                let stream_digests = ctx.stream_digests();
                let columns = t
                    .columns
                    .iter()
                    .map(|c| {
                        let digest = match (text_is_copy_text(&c.ty), stream_digests) {
                            (false, _) => DigestIn::Nowhere,
                            (true, true) => DigestIn::Stream,
                            (true, false) => DigestIn::Artifact,
                        };
                        (c.name.clone(), digest)
                    })
                    .collect();
                tally.start(CopyTally::new(TableTally::new(
                    &t.schema, &t.relname, columns,
                )));
            }
            let mut writer = TableWriter::new(sink, &start)?;
            let mut reader = client
                .copy_out(&copy_sql(&t.name, &t.quoted_columns, "TO STDOUT"))
                .map_err(|e| engine_err(&format!("reading {}", t.name), &e))?;
            // Text COPY escapes newlines inside values, so every '\n' ends a row and counting
            // them counts rows. Frames are byte ranges of the COPY stream (a long row may
            // span several): restore streams them back in order, so memory stays one chunk
            // whatever the size of a row.
            // The reader must not be read again once it reported the end.
            let mut eof = false;
            while !eof {
                let mut filled = 0;
                while filled < buf.len() {
                    let n = reader.read(&mut buf[filled..]).map_err(|e| {
                        BackupError::Engine(format!("postgres: reading {}: {e}", t.name))
                    })?;
                    if n == 0 {
                        eof = true;
                        break;
                    }
                    filled += n;
                }
                if filled > 0 {
                    let rows = bytecount(&buf[..filled]);
                    if counted {
                        tally.chunk(&buf[..filled], rows);
                    }
                    writer.push(&buf[..filled], rows)?;
                    let done = writer.bytes();
                    ctx.observer.on_event(&BackupEvent::Bytes {
                        done,
                        total: estimate.map(|e| e.max(done)),
                    });
                }
            }
            drop(reader);
            sums.insert(t.name.clone(), writer.finish()?);
            if counted {
                tally.end_table();
            }
        }
        for stats in tally.finish() {
            ctx.record_stats(stats);
        }
        sink.write(FrameKind::PostSchema, schema.post.as_bytes())
            .map_err(werr)?;
        batch(client, "COMMIT", "ending the snapshot")?;
        Ok(sums)
    }

    fn check(
        &self,
        source: &mut FrameSource<'_>,
        _ctx: &mut EngineContext<'_>,
    ) -> Result<TableSums, BackupError> {
        keel_backup::logical_sums(source)
    }

    fn column_digests(
        &self,
        source: &mut FrameSource<'_>,
        columns: &[(String, String, String)],
        _ctx: &mut EngineContext<'_>,
    ) -> Result<Vec<keel_backup::TableStats>, BackupError> {
        let open = |start: &keel_backup::TableStart| {
            // The backup session's empty search_path makes every name qualified.
            let (schema, table) = split_qualified(&start.table)?;
            let wanted = |c: &str| {
                columns
                    .iter()
                    .any(|(s, t, n)| *s == schema && *t == table && n == c)
            };
            if !start.columns.iter().any(|c| wanted(&c.name)) {
                return None;
            }
            let tally = start
                .columns
                .iter()
                .map(|c| {
                    let digest = if wanted(&c.name) && text_is_copy_text(&c.ty) {
                        DigestIn::Stream
                    } else {
                        DigestIn::Nowhere
                    };
                    (c.name.clone(), digest)
                })
                .collect();
            Some(CopyTally::new(TableTally::new(&schema, &table, tally)))
        };
        keel_backup::tally_tables(source, open, |_: &CopyTally, chunk| bytecount(chunk))
    }

    fn restore(
        &self,
        conn: &mut dyn Connection,
        source: &mut FrameSource<'_>,
        ctx: &mut EngineContext<'_>,
    ) -> Result<(), BackupError> {
        let mut own = open(conn)?;
        let client = own.raw();
        ctx.observer.on_event(&BackupEvent::Phase("restore"));
        batch(
            client,
            &format!("BEGIN; {PIN}; SET LOCAL check_function_bodies = false; {RESTORE_LOCK_WAIT}"),
            "starting the restore",
        )?;
        let result = (|| -> Result<(), BackupError> {
            drop_everything(client)?;
            let mut reader = LogicalReader::new(source);
            while let Some(item) = reader.next_item()? {
                match item {
                    LogicalItem::Schema(sql) | LogicalItem::PostSchema(sql) => {
                        let sql = String::from_utf8(sql).map_err(|_| {
                            BackupError::Corrupt("the schema SQL is not UTF-8".into())
                        })?;
                        batch(client, &sql, "recreating the schema")?;
                    }
                    LogicalItem::Table(start) => {
                        let cols = quoted_columns(client, &start)?;
                        let mut writer = client
                            .copy_in(&copy_sql(&start.table, &cols, "FROM STDIN"))
                            .map_err(|e| engine_err(&format!("loading {}", start.table), &e))?;
                        loop {
                            match reader.next_item()? {
                                Some(LogicalItem::Rows(chunk)) => {
                                    writer.write_all(&chunk).map_err(|e| {
                                        BackupError::Engine(format!(
                                            "postgres: loading {}: {e}",
                                            start.table
                                        ))
                                    })?;
                                }
                                Some(LogicalItem::TableEnd(name, sum)) => {
                                    let loaded = writer
                                        .finish()
                                        .map_err(|e| engine_err(&format!("loading {name}"), &e))?;
                                    if loaded != sum.rows {
                                        return Err(BackupError::Corrupt(format!(
                                            "table {name}: {loaded} rows loaded, the backup says {}",
                                            sum.rows
                                        )));
                                    }
                                    break;
                                }
                                _ => {
                                    return Err(BackupError::Corrupt(format!(
                                        "table {} is not closed by its table-end frame",
                                        start.table
                                    )))
                                }
                            }
                        }
                    }
                    LogicalItem::Rows(_) | LogicalItem::TableEnd(..) => {
                        return Err(BackupError::Corrupt("rows outside a table".into()))
                    }
                }
            }
            Ok(())
        })();
        match result {
            Ok(()) => {
                ctx.observer.on_event(&BackupEvent::Phase("commit"));
                batch(client, "COMMIT", "committing the restore")
            }
            Err(e) => {
                let _ = client.batch_execute("ROLLBACK");
                Err(not_changed(e))
            }
        }
    }

    fn export_sql(
        &self,
        source: &mut FrameSource<'_>,
        out: &mut dyn Write,
        _ctx: &mut EngineContext<'_>,
    ) -> Result<(), BackupError> {
        let werr = |e: std::io::Error| BackupError::io("cannot write the export", "<output>", e);
        let mut w = std::io::BufWriter::with_capacity(256 * 1024, out);
        writeln!(
            w,
            "-- A keel backup as plain SQL. Restore into an empty database with:\n\
             --   psql -v ON_ERROR_STOP=1 -f FILE DATABASE_URL   (it is one transaction)\n\
             SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n\
             SET search_path = '';\nSET TimeZone = 'UTC';\nSET DateStyle = 'ISO, YMD';\n\
             SET IntervalStyle = 'postgres';\nSET extra_float_digits = 3;\nSET bytea_output = 'hex';\n\
             SET lc_monetary = 'C';\nSET check_function_bodies = false;\nSET client_min_messages = warning;\n\
             BEGIN;"
        )
        .map_err(werr)?;
        let mut reader = LogicalReader::new(source);
        while let Some(item) = reader.next_item()? {
            match item {
                LogicalItem::Schema(sql) | LogicalItem::PostSchema(sql) => {
                    w.write_all(&sql).map_err(werr)?;
                }
                LogicalItem::Table(start) => {
                    let cols: Vec<String> = start
                        .columns
                        .iter()
                        .map(|c| quote_ident_local(&c.name))
                        .collect();
                    writeln!(w, "{};", copy_sql(&start.table, &cols, "FROM stdin"))
                        .map_err(werr)?;
                }
                LogicalItem::Rows(chunk) => w.write_all(&chunk).map_err(werr)?,
                LogicalItem::TableEnd(..) => w.write_all(b"\\.\n").map_err(werr)?,
            }
        }
        writeln!(w, "COMMIT;").map_err(werr)?;
        w.flush().map_err(werr)
    }

    fn restore_foreign(
        &self,
        conn: &mut dyn Connection,
        path: &Path,
        kind: ForeignKind,
        ctx: &mut EngineContext<'_>,
    ) -> Result<(), BackupError> {
        if kind == ForeignKind::SqliteFile {
            return Err(BackupError::Engine(format!(
                "{} is a SQLite file and cannot be restored into PostgreSQL; nothing was changed",
                path.display()
            )));
        }
        let mut own = open(conn)?;
        let version = own.server().version.major;
        let client = own.raw();
        let what = path.display().to_string();
        let mut dump = DumpReader::new(open_dump(path, kind)?, Dialect::Postgres, &what);
        ctx.observer.on_event(&BackupEvent::Phase("restore"));
        batch(
            client,
            &format!("BEGIN; {RESTORE_LOCK_WAIT}"),
            "starting the restore",
        )?;
        let result = (|| -> Result<(), BackupError> {
            drop_everything(client)?;
            // pg_dump leaves `public` out of its script (every database has it); give it
            // back with the owner, privileges and comment of a new database.
            let public_acl = if version >= 15 {
                "ALTER SCHEMA public OWNER TO pg_database_owner; GRANT USAGE ON SCHEMA public TO PUBLIC"
            } else {
                "GRANT ALL ON SCHEMA public TO PUBLIC"
            };
            batch(
                client,
                &format!(
                    "CREATE SCHEMA public; {public_acl}; COMMENT ON SCHEMA public IS 'standard public schema'"
                ),
                "recreating schema public",
            )?;
            let mut statements = 0u64;
            while let Some(item) = dump.next_item()? {
                match item {
                    DumpItem::Meta(cmd) => {
                        let word = cmd.split_whitespace().next().unwrap_or("");
                        // pg_dump 17.6+ brackets its script with \restrict … \unrestrict.
                        if !matches!(word, "\\restrict" | "\\unrestrict") {
                            return Err(BackupError::Engine(format!(
                                "{what}: the psql command `{word}` is not supported in a restored dump (keel restores one database's plain pg_dump script)"
                            )));
                        }
                    }
                    DumpItem::Statement(sql) => {
                        statements += 1;
                        let upper = sql.trim_start().to_ascii_uppercase();
                        if upper.starts_with("COPY ") && upper.ends_with("FROM STDIN") {
                            let mut writer = client
                                .copy_in(&sql)
                                .map_err(|e| engine_err(&format!("{what}: {sql}"), &e))?;
                            dump.copy_data(&mut writer)?;
                            writer
                                .finish()
                                .map_err(|e| engine_err(&format!("{what}: {sql}"), &e))?;
                        } else if upper == "CREATE SCHEMA PUBLIC" {
                            continue;
                        } else {
                            client.batch_execute(&sql).map_err(|e| {
                                let short: String = sql.chars().take(200).collect();
                                engine_err(&format!("{what}: statement {statements} ({short})"), &e)
                            })?;
                        }
                    }
                }
            }
            Ok(())
        })();
        match result {
            Ok(()) => batch(client, "COMMIT", "committing the restore"),
            Err(e) => {
                let _ = client.batch_execute("ROLLBACK");
                Err(not_changed(e))
            }
        }
    }
}

fn bytecount(b: &[u8]) -> u64 {
    b.iter().filter(|c| **c == b'\n').count() as u64
}

fn not_changed(e: BackupError) -> BackupError {
    match e {
        BackupError::Engine(m) => BackupError::Engine(format!(
            "{m}; the transaction was rolled back, nothing was changed"
        )),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keel_backup::sha256_slices;

    fn tally() -> CopyTally {
        CopyTally::new(TableTally::new(
            "public",
            "t",
            vec![
                ("a".into(), DigestIn::Stream),
                ("b".into(), DigestIn::Stream),
                ("c".into(), DigestIn::Nowhere),
            ],
        ))
    }

    /// Two rows: escapes, an empty string, NULLs, and a value in a column without digest.
    const STREAM: &[u8] = b"tab\\there\\\\x\t\t\\N\n\\N\tline\\nbreak \\303\\251\\x41\tz\n";

    #[test]
    fn copy_text_fields_are_unescaped_to_their_values() {
        let mut out = Vec::new();
        unescape_copy_text(b"a\\tb\\\\c\\nd\\101\\x42\\q", &mut out);
        assert_eq!(out, b"a\tb\\c\nd\x41\x42q");
    }

    #[test]
    fn copy_text_is_counted_the_same_however_the_chunks_cut_it() {
        let mut whole = tally();
        whole.feed(STREAM, 2);
        let whole = ChunkTally::finish(whole);
        assert_eq!(whole.rows, 2);
        let values: Vec<u64> = whole.columns.iter().map(|c| c.values).collect();
        assert_eq!(values, [1, 2, 1], "{whole:?}");
        let [a1, a2] = sha256_slices(b"tab\there\\x");
        assert_eq!(whole.columns[0].digest, Some(vec![a1, a2]));
        let [b1, b2] = sha256_slices(b"");
        let [c1, c2] = sha256_slices("line\nbreak \u{e9}A".as_bytes());
        assert_eq!(whole.columns[1].digest, Some(vec![b1 + c1, b2 + c2]));
        assert_eq!(whole.columns[2].digest, None);
        for cut in 1..STREAM.len() {
            let mut split = tally();
            let rows_before = STREAM[..cut].iter().filter(|b| **b == b'\n').count() as u64;
            split.feed(&STREAM[..cut], rows_before);
            split.feed(&STREAM[cut..], 2 - rows_before);
            assert_eq!(ChunkTally::finish(split), whole, "cut at {cut}");
        }
    }

    #[test]
    fn only_types_whose_cast_text_is_the_copy_text_are_digested_from_the_stream() {
        for ty in [
            "integer",
            "character varying(200)",
            "numeric(10,2)",
            "text[]",
            "jsonb",
        ] {
            assert!(text_is_copy_text(ty), "{ty}");
        }
        for ty in [
            "boolean",
            "character(3)",
            "inet",
            "timestamp with time zone",
            "double precision",
        ] {
            assert!(!text_is_copy_text(ty), "{ty}");
        }
    }
}
