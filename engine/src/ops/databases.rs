//! CreateDatabase, DescribeDatabase, UpdateDatabase, DeleteDatabase, ListDatabases.

use std::collections::BTreeMap;

use super::{pagination, tags};
use crate::state::{database_arn, DatabaseState};
use crate::types::*;
use crate::{ApiError, Engine, RequestContext};

/// Account quota (ts-limits): databases per account.
pub const MAX_DATABASES: usize = 500;

pub fn get<'a>(engine: &'a Engine, name: &str) -> Result<&'a DatabaseState, ApiError> {
    engine.state.database(name)
}

pub fn get_mut<'a>(engine: &'a mut Engine, name: &str) -> Result<&'a mut DatabaseState, ApiError> {
    engine.state.database_mut(name)
}

/// The AWS-managed key (`alias/aws/timestream`) of an account and region, as a key ARN with a
/// stable, account-derived key id.
pub fn default_kms_key(region: &str, account: &str) -> String {
    let mut ids =
        crate::ids::Ids::seeded(region.bytes().chain(account.bytes()).fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)));
    let (a, b) = (ids.next_u64(), ids.next_u64());
    format!(
        "arn:aws:kms:{region}:{account}:key/{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
}

pub fn create(engine: &mut Engine, ctx: &RequestContext, req: CreateDatabaseRequest) -> Result<DatabaseResponse, ApiError> {
    if engine.state.databases.contains_key(&req.database_name) {
        return Err(ApiError::conflict(format!("A database with the name {} already exists.", req.database_name)));
    }
    if engine.state.databases.len() >= MAX_DATABASES {
        return Err(ApiError::quota(format!("The number of databases in this account has reached the limit of {MAX_DATABASES}.")));
    }
    let tags = tags::merged(&[], req.tags.unwrap_or_default())?;
    let region = ctx.region.as_deref().unwrap_or(&engine.config.region).to_string();
    let now = engine.now();
    let db = DatabaseState {
        arn: database_arn(&region, &engine.config.account, &req.database_name),
        kms_key_id: req.kms_key_id.unwrap_or_else(|| default_kms_key(&region, &engine.config.account)),
        name: req.database_name.clone(),
        created: now,
        updated: now,
        tags,
        tables: BTreeMap::new(),
    };
    let out = db.describe();
    engine.state.databases.insert(req.database_name, Box::new(db));
    Ok(DatabaseResponse { database: out })
}

pub fn describe(engine: &Engine, req: DatabaseNameRequest) -> Result<DatabaseResponse, ApiError> {
    Ok(DatabaseResponse { database: get(engine, &req.database_name)?.describe() })
}

pub fn update(engine: &mut Engine, req: UpdateDatabaseRequest) -> Result<DatabaseResponse, ApiError> {
    let now = engine.now();
    let db = get_mut(engine, &req.database_name)?;
    if db.kms_key_id != req.kms_key_id {
        db.kms_key_id = req.kms_key_id;
        db.updated = now;
    }
    Ok(DatabaseResponse { database: db.describe() })
}

pub fn delete(engine: &mut Engine, req: DatabaseNameRequest) -> Result<(), ApiError> {
    let db = get(engine, &req.database_name)?;
    if !db.tables.is_empty() {
        return Err(ApiError::validation(format!(
            "Cannot delete database {} because it contains {} table(s). Delete all tables in the database first.",
            db.name,
            db.tables.len()
        )));
    }
    engine.state.databases.remove(&req.database_name);
    Ok(())
}

pub fn list(engine: &Engine, req: ListRequest) -> Result<ListDatabasesResponse, ApiError> {
    let items = engine.state.databases.values().map(|d| (d.name.clone(), d.describe()));
    let (databases, next_token) = pagination::page(items, "db", req.next_token.as_deref(), req.max_results, 20)?;
    Ok(ListDatabasesResponse { databases, next_token })
}
