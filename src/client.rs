//! The page's side of the engine: requests go to the Web Worker (src/worker.rs) as
//! `timestream_engine::protocol::Call`s and its `Envelope`s come back here: the answer to a
//! request goes to the callback that asked, and every envelope's revision and pushed batch-load
//! progress go to the app as [`EngineEvent`]s.
//!
//! www/boot.js starts the worker (www/worker.js) before the page's own wasm, so both load in
//! parallel; it keeps what the worker says until [`EngineClient::connect`] takes over. Requests
//! made before the worker is ready wait in a queue. A worker that cannot start (a missing
//! script, a broken wasm) is an [`EngineEvent::Failed`] with a message for the page, once.
//!
//! [`EngineClient::local`] answers from a `Session` in this thread instead (the wasm tests);
//! the app never calls it.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use timestream_engine::protocol::{Envelope, Parts, Progress, Reply, Request, Session};
use timestream_engine::Operation;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::Text;
use crate::wire::{call_to_js, envelope_from_js};

/// What the worker's envelopes tell the app besides answers.
#[derive(Clone, Debug, PartialEq)]
pub enum EngineEvent {
    Ready,
    /// The worker could not start or stopped; the page shows the message.
    Failed(String),
    /// The engine changed: panels that read it ask again.
    Revision(u64),
    /// A slice of batch-load work ended.
    Progress(Progress),
}

type Answer = Box<dyn FnOnce(Reply)>;

/// A request as the page sends it. The editor's text as the body of a Handle or Diagnose goes
/// beside the request, not in it: to the worker as its UTF-8 bytes, moved (`postMessage`'s
/// transfer), where the request's `String` was a copy of the text, written out as a JS string
/// and copied again by `postMessage` (8 MB: 60, 45 and 47 ms of the page's thread on each key).
pub struct Message {
    request: Request,
    body: Option<Text>,
}

impl From<Request> for Message {
    fn from(request: Request) -> Self {
        Message { request, body: None }
    }
}

impl Message {
    /// Runs `body` as a request of `operation` (the seam).
    pub fn handle(operation: Operation, body: Text) -> Self {
        Message { request: Request::Handle { target: operation.target(), body: String::new() }, body: Some(body) }
    }

    /// The diagnostics of `body` as a request of `operation`.
    pub fn diagnose(operation: Operation, body: Text) -> Self {
        Message { request: Request::Diagnose { operation, body: String::new() }, body: Some(body) }
    }

    /// The request with its body in it (a session in this thread reads it so).
    fn into_request(self) -> Request {
        let mut request = self.request;
        if let (Request::Handle { body, .. } | Request::Diagnose { body, .. }, Some(text)) = (&mut request, self.body) {
            *body = text.to_string();
        }
        request
    }
}

/// A call as it waits to be posted.
struct Outgoing {
    id: u64,
    message: Message,
}

/// Where calls go: the worker, a session in this thread (tests), or nowhere (failed).
trait Transport {
    fn post(&self, call: Outgoing, client: &EngineClient) -> Result<(), ()>;
}

impl Transport for web_sys::Worker {
    fn post(&self, call: Outgoing, _: &EngineClient) -> Result<(), ()> {
        let Outgoing { id, message: Message { request, body } } = call;
        // The editor's text goes beside the request as its bytes, moved (src/wire.rs).
        let (value, transfer) = call_to_js(id, request, body.as_deref()).map_err(|_| ())?;
        self.post_message_with_transfer(&value, &transfer).map_err(|_| ())
    }
}

/// Rows per batch-load slice of a local session.
pub const LOCAL_SLICE_ROWS: u64 = 1024;

/// A session answering in this thread, asynchronously like the worker; it runs batch-load
/// tasks to the end, one slice per task of the event loop.
struct Local(RefCell<Session>);

impl Local {
    fn later(client: &EngineClient, envelope: Envelope) {
        let client = client.clone();
        wasm_bindgen_futures::spawn_local(async move {
            client.deliver(envelope);
            // A task of the event loop per slice (a timer, not a microtask), so a request made
            // meanwhile is answered between two slices, as in the worker.
            yew::platform::time::sleep(std::time::Duration::ZERO).await;
            let Some(local) = client.0.local.clone() else { return };
            let step = {
                let mut s = local.0.borrow_mut();
                s.step(LOCAL_SLICE_ROWS).map(|p| Envelope { progress: Some(p), ..Envelope::answer(None, s.revision(), Reply::Done) })
            };
            if let Some(envelope) = step {
                Local::later(&client, envelope);
            }
        });
    }
}

impl Transport for Rc<Local> {
    fn post(&self, call: Outgoing, client: &EngineClient) -> Result<(), ()> {
        let mut s = self.0.borrow_mut();
        let reply = s.answer(call.message.into_request());
        let envelope = Envelope::answer(Some(call.id), s.revision(), reply);
        drop(s);
        Local::later(client, envelope);
        Ok(())
    }
}

struct Inner {
    backend: Option<Box<dyn Transport>>,
    /// The local session, for its batch-load slices.
    local: Option<Rc<Local>>,
    next: Cell<u64>,
    ready: Cell<bool>,
    failed: Cell<bool>,
    queue: RefCell<Vec<Outgoing>>,
    pending: RefCell<HashMap<u64, Answer>>,
    /// The parts of a long Diagnostics answer received so far.
    parts: RefCell<Parts>,
    revision: Cell<u64>,
    /// The revision last told to the app, when, and whether a later telling is due.
    told: Cell<u64>,
    told_at: Cell<f64>,
    due: Cell<bool>,
    events: Callback<EngineEvent>,
}

/// How often the slices of a running batch load may make the panels ask again (ms). A slice is
/// about 12 ms of work and changes the engine; with the Batch load tab open a refresh is seven
/// questions to the worker and a render, and after every slice that doubled the load's time
/// (300,000 rows: 1.76 s against 0.85 s with the Response tab). Any other change is told at once.
const REFRESH_MS: f64 = 50.0;

/// A handle on the engine; clones share it.
#[derive(Clone)]
pub struct EngineClient(Rc<Inner>);

impl PartialEq for EngineClient {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for EngineClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EngineClient")
    }
}

/// The script boot.js starts the worker from, relative to the page.
pub const WORKER_SCRIPT: &str = "worker.js";

fn failure(detail: &str) -> String {
    format!(
        "The engine could not start ({detail}). The page needs its worker script ({WORKER_SCRIPT}) and its wasm files \
         next to index.html: reload once they are deployed."
    )
}

impl EngineClient {
    /// Connects to the worker boot.js started (`globalThis.tswWorker`; boot.js hands it the
    /// compiled module, so no other start is possible).
    pub fn connect(events: Callback<EngineEvent>) -> Self {
        let global = js_sys::global();
        let started = js_sys::Reflect::get(&global, &"tswWorker".into()).ok().and_then(|w| w.dyn_into::<web_sys::Worker>().ok());
        let Some(worker) = started else {
            return Self::failed(events, "the page was not started by boot.js, which starts the worker");
        };
        let client = Self::with(Some(Box::new(worker.clone())), None, events);
        let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new({
            let client = client.clone();
            move |e: web_sys::MessageEvent| client.received(e.data())
        });
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new({
            let client = client.clone();
            move |e: web_sys::Event| {
                e.prevent_default();
                let detail = e.dyn_ref::<web_sys::ErrorEvent>().map_or_else(|| "its script did not load".to_string(), |e| e.message());
                client.fail(&detail);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_message.forget();
        on_error.forget();
        // What the worker said (or how it failed) before this client took over.
        let early = js_sys::Reflect::get(&worker, &"early".into()).ok().map(|a| js_sys::Array::from(&a));
        for data in early.iter().flat_map(|a| a.iter()) {
            client.received(data);
        }
        if let Some(e) = js_sys::Reflect::get(&worker, &"failed".into()).ok().and_then(|f| f.as_string()) {
            client.fail(&e);
        }
        client
    }

    /// A client whose engine runs in this thread (tests).
    pub fn local(session: Session, events: Callback<EngineEvent>) -> Self {
        let local = Rc::new(Local(RefCell::new(session)));
        let client = Self::with(Some(Box::new(local.clone())), Some(local), events);
        client.0.ready.set(true);
        client
    }

    fn with(backend: Option<Box<dyn Transport>>, local: Option<Rc<Local>>, events: Callback<EngineEvent>) -> Self {
        EngineClient(Rc::new(Inner {
            backend,
            local,
            next: Cell::new(1),
            ready: Cell::new(false),
            failed: Cell::new(false),
            queue: RefCell::default(),
            pending: RefCell::default(),
            parts: RefCell::default(),
            revision: Cell::new(0),
            told: Cell::new(0),
            told_at: Cell::new(f64::NEG_INFINITY),
            due: Cell::new(false),
            events,
        }))
    }

    fn failed(events: Callback<EngineEvent>, detail: &str) -> Self {
        let client = Self::with(None, None, events);
        client.fail(detail);
        client
    }

    /// Sends `request`; `then` gets the answer (never called if the worker fails).
    pub fn ask(&self, message: impl Into<Message>, then: impl FnOnce(Reply) + 'static) {
        let id = self.0.next.get();
        self.0.next.set(id + 1);
        self.0.pending.borrow_mut().insert(id, Box::new(then));
        self.send(Outgoing { id, message: message.into() });
    }

    /// [`EngineClient::ask`] as a future (tests, scripts): polls every millisecond for the answer.
    pub async fn request(&self, request: Request) -> Reply {
        let slot = Rc::new(RefCell::new(None));
        let answer = slot.clone();
        self.ask(request, move |r| *answer.borrow_mut() = Some(r));
        loop {
            if let Some(r) = slot.borrow_mut().take() {
                return r;
            }
            yew::platform::time::sleep(std::time::Duration::from_millis(1)).await;
        }
    }

    /// Sends `request` without waiting for its answer.
    pub fn tell(&self, request: Request) {
        self.ask(request, |_| {});
    }

    /// The engine's revision as last reported.
    pub fn revision(&self) -> u64 {
        self.0.revision.get()
    }

    fn send(&self, call: Outgoing) {
        if self.0.failed.get() {
            return;
        }
        if !self.0.ready.get() {
            self.0.queue.borrow_mut().push(call);
            return;
        }
        let sent = self.0.backend.as_ref().map(|b| b.post(call, self));
        if sent != Some(Ok(())) {
            self.fail("a message could not be sent");
        }
    }

    fn received(&self, data: JsValue) {
        match envelope_from_js(data) {
            Ok(envelope) => self.deliver(envelope),
            Err(e) => self.fail(&format!("an answer could not be read: {e}")),
        }
    }

    fn deliver(&self, envelope: Envelope) {
        if !self.0.ready.get() {
            // The first envelope says the worker is ready.
            self.0.ready.set(true);
            self.0.events.emit(EngineEvent::Ready);
            for call in std::mem::take(&mut *self.0.queue.borrow_mut()) {
                self.send(call);
            }
        }
        let Some(envelope) = self.0.parts.borrow_mut().join(envelope) else { return };
        if let Some(then) = envelope.id.and_then(|id| self.0.pending.borrow_mut().remove(&id)) {
            then(envelope.reply);
        }
        if envelope.revision != self.0.revision.get() {
            self.0.revision.set(envelope.revision);
            let slice = envelope.id.is_none() && envelope.progress.as_ref().is_some_and(|p| p.active > 0);
            self.announce(slice);
        }
        if let Some(p) = envelope.progress {
            self.0.events.emit(EngineEvent::Progress(p));
        }
    }

    /// Tells the app the engine's revision: at once, or for a slice of a running batch load at
    /// most every [`REFRESH_MS`] (the last slice's change is told when that time is up).
    fn announce(&self, slice: bool) {
        let now = js_sys::Date::now();
        let wait = self.0.told_at.get() + REFRESH_MS - now;
        if slice && wait > 0.0 {
            if !self.0.due.replace(true) {
                let client = self.clone();
                gloo::timers::callback::Timeout::new(wait.ceil() as u32, move || {
                    client.0.due.set(false);
                    client.announce(false);
                })
                .forget();
            }
            return;
        }
        let revision = self.0.revision.get();
        self.0.told_at.set(now);
        if self.0.told.replace(revision) != revision {
            self.0.events.emit(EngineEvent::Revision(revision));
        }
    }

    fn fail(&self, detail: &str) {
        if !self.0.failed.replace(true) {
            self.0.queue.borrow_mut().clear();
            self.0.pending.borrow_mut().clear();
            self.0.events.emit(EngineEvent::Failed(failure(detail)));
        }
    }
}

/// The answer to `request` whenever it or `revision` changes; the latest request wins (an
/// answer to an older one is dropped). `None` until the first answer to this request; after a
/// revision the last answer to the same request stays until the new one comes (no flicker), but
/// an answer to another request is never shown for this one.
#[hook]
pub fn use_query(client: &EngineClient, request: Option<Request>, revision: u64) -> Option<Rc<Reply>> {
    let (asked, reply) = use_answer(client, request.clone(), revision)?;
    (Some(asked) == request).then_some(reply)
}

/// [`use_query`] for a request about text being edited (diagnostics, a batch-load preview): the
/// last answer stays on screen while the answer to the new text is on its way.
#[hook]
pub fn use_latest(client: &EngineClient, request: Option<Request>, revision: u64) -> Option<Rc<Reply>> {
    use_answer(client, request, revision).map(|(_, reply)| reply)
}

/// The last answer and the request it answered (a panel that shows the last answer under the
/// name it answered for while the next is on its way: no jump in the layout, no stale name).
#[hook]
pub fn use_answer(client: &EngineClient, request: Option<Request>, revision: u64) -> Option<(Request, Rc<Reply>)> {
    use_answer_to(client, request, |r: &Request| r.clone().into(), revision)
}

/// One request of a hook at the worker at a time: a newer one waits for the answer to the one
/// there, and replaces any that waited. (Asked on every key, the diagnostics of a 5 MB body, a
/// few hundred milliseconds of the worker's time each, queued behind each other while typing,
/// and the answer for the last key came later with every key.)
pub struct Flight<T> {
    busy: bool,
    next: Option<T>,
}

impl<T> Default for Flight<T> {
    fn default() -> Self {
        Flight { busy: false, next: None }
    }
}

impl<T> Flight<T> {
    /// What to send now: `ask`, unless one is at the worker (then it waits, in place of any that
    /// waited).
    fn send(&mut self, ask: T) -> Option<T> {
        if self.busy {
            self.next = Some(ask);
            return None;
        }
        self.busy = true;
        Some(ask)
    }

    /// The answer came: what waited, to send now.
    fn landed(&mut self) -> Option<T> {
        let next = self.next.take();
        self.busy = next.is_some();
        next
    }
}

/// A hook's asking: which of its requests is the latest, and its [`Flight`] of messages and what
/// to do with their answers.
#[derive(Default)]
struct Asking {
    generation: u64,
    flight: Flight<Ask>,
}

/// A message and what to do with its answer.
type Ask = (Message, Box<dyn FnOnce(Reply)>);

type Asks = Rc<RefCell<Asking>>;

impl EngineClient {
    /// [`EngineClient::ask`], one request of `flight` at a time.
    fn ask_in(&self, flight: &Asks, message: Message, then: Box<dyn FnOnce(Reply)>) {
        let now = flight.borrow_mut().flight.send((message, then));
        if let Some((message, then)) = now {
            self.ask_now(flight, message, then);
        }
    }

    /// Sends, and when the answer comes, what waited in `flight`.
    fn ask_now(&self, flight: &Asks, message: Message, then: Box<dyn FnOnce(Reply)>) {
        let (client, flight) = (self.clone(), flight.clone());
        self.ask(message, move |r| {
            then(r);
            let next = flight.borrow_mut().flight.landed();
            if let Some((message, then)) = next {
                client.ask_now(&flight, message, then);
            }
        });
    }
}

/// [`use_answer`] keyed by what the request is made of: `request` makes it when the key or the
/// revision changed, and no key asks nothing and drops the last answer. The editor's text is
/// compared as a pointer on each render and turned into a request only when it changed, where a
/// `Request` of a 5 MB body was copied and compared in full on every render. One request at a
/// time goes to the worker ([`Flight`]).
#[hook]
pub fn use_answer_to<K>(client: &EngineClient, key: Option<K>, request: fn(&K) -> Message, revision: u64) -> Option<(K, Rc<Reply>)>
where
    K: Clone + PartialEq + 'static,
{
    let answer = use_state(|| None::<(K, Rc<Reply>)>);
    let asking: Asks = use_mut_ref(Asking::default);
    let pending = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    {
        let (client, answer) = (client.clone(), answer.setter());
        use_effect_with((key, revision), move |(key, _)| {
            let mine = {
                let mut a = asking.borrow_mut();
                a.generation += 1;
                a.generation
            };
            match key.clone() {
                // Asked in a task of its own: the message (5 MB for a big request body) is written
                // and posted after the render's task, and a key that comes before then replaces it.
                Some(key) => {
                    let ask = move || {
                        let (message, latest) = (request(&key), asking.clone());
                        let then = move |r| {
                            if latest.borrow().generation == mine {
                                answer.set(Some((key, Rc::new(r))));
                            }
                        };
                        client.ask_in(&asking, message, Box::new(then));
                    };
                    *pending.borrow_mut() = Some(gloo::timers::callback::Timeout::new(0, ask));
                }
                // Nothing asked: the last answer goes (it would be older than what comes next).
                None => {
                    pending.borrow_mut().take();
                    asking.borrow_mut().flight.next = None;
                    answer.set(None);
                }
            }
        });
    }
    (*answer).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_request_at_a_time_the_latest_waiting() {
        let mut flight = Flight::default();
        assert_eq!(flight.send(1), Some(1));
        assert_eq!(flight.send(2), None, "2 waits for 1's answer");
        assert_eq!(flight.send(3), None, "3 waits in its place");
        assert_eq!(flight.landed(), Some(3), "the latest goes, 2 never will");
        assert_eq!(flight.send(4), None, "3 is at the worker now");
        assert_eq!(flight.landed(), Some(4));
        assert_eq!(flight.landed(), None);
        assert_eq!(flight.send(5), Some(5), "nothing at the worker: sent at once");
    }
}
