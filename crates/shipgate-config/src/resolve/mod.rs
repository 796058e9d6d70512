//! Validation of the [`Node`](crate::tree::Node) tree against the schema, into a resolved
//! [`Config`](crate::Config). Errors name the line and column of the offending key or
//! value, or of the offending character inside a value (a bad condition, a `${VAR}`).

mod analysis;
mod condition;
mod docs;
mod docs_rules;
mod document;
mod json;
mod metrics;
mod prometheus;
mod resolver;
mod rollout;
mod rollout_command;
mod rollout_steps;
mod scalars;
mod smoke;
mod smoke_check;
mod tests_section;
mod tls;

pub(crate) use document::resolve;
