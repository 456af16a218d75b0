//! Routes each request: to a platform interface (after counting its token and applying the next queued
//! fault), to the control endpoints under `/_sandbox`, or to a 404. Logs one line per request.

use std::net::IpAddr;
use std::time::Duration;

use serde_json::{json, Value};

use super::control;
use super::faults::Fault;
use super::http::{Request, Response};
use super::interfaces::{self, Call, Handler};
use super::log::{self, Note};
use super::state::State;

/// The body of the `malformed_json` fault: an answer cut off in the middle.
const TRUNCATED_JSON: &[u8] = br#"{"resultCode":"103000","data":{"#;

/// A handler's answer and what it adds to the log line.
pub struct Reply {
    pub response: Response,
    pub note: Note,
}

/// What the connection does with a request.
pub enum Action {
    /// Send the response.
    Respond(Response),
    /// Send the response's head, then its body spread over the duration.
    SlowBody(Response, Duration),
    /// Reset the connection without answering.
    Reset,
}

pub fn route(state: &State, peer: IpAddr, request: &Request) -> Action {
    if let Some(handler) = interfaces::find(&request.path) {
        return platform(state, peer, request, handler);
    }
    let reply = if request.path == control::PREFIX || request.path.starts_with(&format!("{}/", control::PREFIX)) {
        if state.exposure.allows(request) {
            control::handle(state, request)
        } else {
            let body = json!({"error": "the sandbox is not on a loopback address: control requests need \
                \"Authorization: Bearer <control_key>\" with the control_key of its info line"});
            let response = Response::json(401, &body).with_header("WWW-Authenticate", "Bearer");
            Reply { response, note: Note::default() }
        }
    } else {
        let paths: Vec<&str> = ydrz::protocol::interfaces::ALL.iter().map(|i| i.path).collect();
        let body = json!({"error": format!("no such path; the interfaces are {} and the control endpoints are under {}",
            paths.join(", "), control::PREFIX)});
        Reply { response: Response::json(404, &body), note: Note::default() }
    };
    log::request(peer, &request.method, &request.path, Some(reply.response.status), &reply.note);
    Action::Respond(reply.response)
}

/// A request to a platform interface: counted (with its token) and subject to the next queued fault.
fn platform(state: &State, peer: IpAddr, request: &Request, handler: Handler) -> Action {
    if request.method != "POST" {
        let body = json!({"error": "the platform interfaces accept POST only"});
        let response = Response::json(405, &body).with_header("Allow", "POST");
        log::request(peer, &request.method, &request.path, Some(405), &Note::default());
        return Action::Respond(response);
    }
    let json: Option<Value> = serde_json::from_slice(&request.body).ok();
    let token = json.as_ref().and_then(interfaces::token_of);
    state.stats.record(token);
    let call = Call { state, peer, request, json: json.as_ref() };
    let fault = state.faults.next();
    let (action, note) = match fault {
        None => {
            let reply = handler(&call);
            (Action::Respond(reply.response), reply.note)
        }
        Some(Fault::Delay(delay)) => {
            std::thread::sleep(delay);
            let reply = handler(&call);
            (Action::Respond(reply.response), reply.note)
        }
        Some(Fault::SlowBody(over)) => {
            let reply = handler(&call);
            (Action::SlowBody(reply.response, over), reply.note)
        }
        Some(Fault::HttpStatus(status)) => (Action::Respond(Response::html(status)), Note::default()),
        Some(Fault::MalformedJson) => {
            let response = Response::new(200, "application/json;charset=UTF-8", TRUNCATED_JSON.to_vec());
            (Action::Respond(response), Note::default())
        }
        Some(Fault::Reset) => (Action::Reset, Note::default()),
    };
    let note = match fault {
        Some(fault) => note.with_fault(fault.name()),
        None => note,
    };
    let status = match &action {
        Action::Respond(response) | Action::SlowBody(response, _) => Some(response.status),
        Action::Reset => None,
    };
    log::request(peer, &request.method, &request.path, status, &note.with_token(token));
    action
}
