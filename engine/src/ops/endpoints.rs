//! DescribeEndpoints: names the emulator's own address.

use crate::types::{DescribeEndpointsResponse, Endpoint};
use crate::Engine;

pub fn describe(engine: &Engine) -> DescribeEndpointsResponse {
    DescribeEndpointsResponse {
        endpoints: vec![Endpoint { address: engine.config.endpoint_address.clone(), cache_period_in_minutes: engine.config.endpoint_cache_minutes }],
    }
}
