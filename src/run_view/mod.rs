//! Plain views of one execution for the lab's panels (history rows, where each state ran, the run as it stood at one event, service
//! values), computed without Yew so they are tested natively.

pub mod attribute_values;
pub mod elapsed;
pub mod event_details;
pub mod moment;
pub mod places;
pub mod state_runs;
