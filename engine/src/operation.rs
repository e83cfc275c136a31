//! The 19 operations of the service and their X-Amz-Target names.

use serde::Serialize;

pub const TARGET_PREFIX: &str = "Timestream_20181101";

macro_rules! operations {
    ($($name:ident),+ $(,)?) => {
        /// One operation of Timestream Write (API version 2018-11-01).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum Operation { $($name),+ }

        crate::value_de::lean_unit_enum!(Operation, Same; $($name),+);

        impl Operation {
            pub const ALL: &'static [Operation] = &[$(Operation::$name),+];
            pub fn name(self) -> &'static str {
                match self { $(Operation::$name => stringify!($name)),+ }
            }
            pub fn from_name(name: &str) -> Option<Operation> {
                match name { $(stringify!($name) => Some(Operation::$name),)+ _ => None }
            }
        }
    };
}

operations!(
    CreateBatchLoadTask,
    CreateDatabase,
    CreateTable,
    DeleteDatabase,
    DeleteTable,
    DescribeBatchLoadTask,
    DescribeDatabase,
    DescribeEndpoints,
    DescribeTable,
    ListBatchLoadTasks,
    ListDatabases,
    ListTables,
    ListTagsForResource,
    ResumeBatchLoadTask,
    TagResource,
    UntagResource,
    UpdateDatabase,
    UpdateTable,
    WriteRecords,
);

impl Operation {
    /// Parses an `X-Amz-Target` value such as `Timestream_20181101.WriteRecords`.
    pub fn from_target(target: &str) -> Option<Operation> {
        let (prefix, name) = target.split_once('.')?;
        if prefix != TARGET_PREFIX {
            return None;
        }
        Operation::from_name(name)
    }

    pub fn target(self) -> String {
        format!("{TARGET_PREFIX}.{}", self.name())
    }
}

impl std::fmt::Display for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
