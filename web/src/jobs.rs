//! Heavy work off the main thread: a small job runner over one Web Worker (`src/bin/worker.rs`, built by Trunk as
//! `vpclab-worker`, started by `assets/worker.js`) that runs the core.
//!
//! * [`Job`] — what the worker is asked: an import of `(label, text)` files, an audit of a topology, or the diff
//!   of two topologies' audits; [`Outcome`] the typed answer, [`Progress`] what the worker says meanwhile.
//! * The protocol ([`encode_job`], [`decode_job`], [`encode_reply`], [`decode_reply`]) is plain Rust, tested
//!   natively: one `ArrayBuffer` per message, transferred (never copied) by `postMessage`, holding a *frame* —
//!   `u32` count of parts, `u32` length of each, then the parts. Part 0 is a small JSON header ([`Head`],
//!   [`Reply`]); the big texts are parts of their own, raw UTF-8: each imported file, a topology, the imported
//!   diagram. Big texts are never escaped inside another JSON string, and the diagram's JSON is the one format
//!   the app already reads (`core::json`): no second serde code for the model (BENCHMARKS §8 measures the
//!   choice against bincode and JSON strings).
//! * [`handle`] runs a job (in the worker, or inline when there is no worker: browser tests, a browser without
//!   module workers), calling back with progress. Pure.
//! * The runner ([`run`], typed: [`import`], [`audit`], [`diff`]) keeps one worker, started on first use (or by
//!   [`warm_up`]), sends jobs in order and calls back on the main thread. [`JobHandle::cancel`] terminates the
//!   worker — the only way to stop wasm mid-computation — and starts a fresh one for the jobs still queued.
//!
//! Cost alternatives stay on the main thread (`analysis::alternatives`): they run on the flow's *local* topology
//! in milliseconds, and an [`vpclab_core::cost::Alternative`]'s change carries its model delta outside its serde
//! form (`#[serde(skip)]`), which Apply needs.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use vpclab_core::audit::{Audit, AuditOptions, AuditStage, Diff};
use vpclab_core::diagram::Diagram;
use vpclab_core::import::ImportStage;
use vpclab_core::{Diagnostic, OwnedSession, Topology};

use crate::import::{Opened, Report};

// ---------------------------------------------------------------------------------------------------------------
// Jobs and answers.

/// What the worker is asked.
#[derive(Clone, Debug, PartialEq)]
pub enum Job {
    /// What the Import dialog was given: `(label, text)` pairs ([`crate::import::run`]).
    Import {
        files: Vec<(String, String)>,
        region: Option<String>,
    },
    /// Every service path, exposure and segment of a topology ([`vpclab_core::Session::audit`]).
    Audit {
        topology: Box<Topology>,
        options: AuditOptions,
    },
    /// The audits of two topologies compared ([`vpclab_core::audit::diff`]).
    Diff {
        before: Box<Topology>,
        after: Box<Topology>,
        options: AuditOptions,
    },
}

/// What the worker says while it works.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Progress {
    /// Reading describe output `index` (0-based) of `of`, named `label`.
    Reading {
        index: usize,
        of: usize,
        label: String,
    },
    /// Building the topology from what was read.
    Converting,
    /// Compiling the topology (the analysis index); `which` is `before`/`after` in a diff, else empty.
    Compiling { which: String },
    /// Auditing one part; `which` as above.
    Auditing { which: String, stage: AuditStage },
}

impl Progress {
    /// The progress line the UI shows.
    pub fn text(&self) -> String {
        let of = |which: &str| {
            if which.is_empty() {
                String::new()
            } else {
                format!(" ({which})")
            }
        };
        match self {
            Progress::Reading { index, of, label } => {
                format!("Reading file {} of {of}: {label}", index + 1)
            }
            Progress::Converting => "Building the topology…".into(),
            Progress::Compiling { which } => format!("Compiling the topology{}…", of(which)),
            Progress::Auditing { which, stage } => format!(
                "Auditing {}{}…",
                match stage {
                    AuditStage::Services => "service paths",
                    AuditStage::Exposure => "internet exposure",
                    AuditStage::Segments => "VPC segments",
                },
                of(which)
            ),
        }
    }
}

/// What an import gave.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub opened: Option<Opened>,
    pub report: Report,
    /// The opened diagram's validation diagnostics, made in the worker: the main thread's analysis of it is
    /// seeded with them ([`crate::analysis::prepare`]) instead of validating again.
    pub validation: Option<Vec<Diagnostic>>,
}

/// A job's answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Imported(Box<Imported>),
    Audited(Box<Audit>),
    Diffed(Box<Diff>),
}

/// Why a job gave no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobError {
    /// [`JobHandle::cancel`] was called.
    Cancelled,
    /// The worker failed (a message it could not read, or a crash): the sentence says which.
    Failed(String),
}

/// Runs a job where it is called, telling `progress` where it is. What the worker does with each message.
pub fn handle(job: Job, progress: &mut dyn FnMut(Progress)) -> Outcome {
    match job {
        Job::Import { files, region } => {
            let labels: Vec<String> = files.iter().map(|(l, _)| l.clone()).collect();
            let (opened, report) =
                crate::import::run_with_progress(&files, region.as_deref(), &mut |stage| {
                    progress(match stage {
                        ImportStage::Reading { index, of } => Progress::Reading {
                            index,
                            of,
                            label: labels.get(index).cloned().unwrap_or_default(),
                        },
                        ImportStage::Converting => Progress::Converting,
                    })
                });
            let validation = match &opened {
                Some(Opened::Diagram(d)) => Some(vpclab_core::validate::validate(&d.topology)),
                _ => None,
            };
            Outcome::Imported(Box::new(Imported {
                opened,
                report,
                validation,
            }))
        }
        Job::Audit { topology, options } => {
            Outcome::Audited(Box::new(audit_of(*topology, &options, "", progress)))
        }
        Job::Diff {
            before,
            after,
            options,
        } => {
            let b = audit_of(*before, &options, "before", progress);
            let a = audit_of(*after, &options, "after", progress);
            Outcome::Diffed(Box::new(vpclab_core::audit::diff(&b, &a)))
        }
    }
}

fn audit_of(
    topology: Topology,
    options: &AuditOptions,
    which: &str,
    progress: &mut dyn FnMut(Progress),
) -> Audit {
    progress(Progress::Compiling {
        which: which.into(),
    });
    let owned = OwnedSession::open(topology);
    vpclab_core::audit::audit_with_progress(owned.session(), options, &mut |stage| {
        progress(Progress::Auditing {
            which: which.into(),
            stage,
        })
    })
}

// ---------------------------------------------------------------------------------------------------------------
// The wire: frames of a JSON header and raw parts.

/// The header of a request (part 0); the texts it names are the following parts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Head {
    pub id: u32,
    pub job: JobHead,
}

/// A job without its texts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum JobHead {
    /// Parts 1.. are the files' texts, in the order of `labels`.
    Import {
        labels: Vec<String>,
        region: Option<String>,
    },
    /// Part 1 is the topology's JSON.
    Audit { options: AuditOptions },
    /// Parts 1 and 2 are the topologies' JSON, before and after.
    Diff { options: AuditOptions },
}

/// The header of a message from the worker (part 0).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    Progress {
        id: u32,
        progress: Progress,
    },
    Done {
        id: u32,
        outcome: OutcomeHead,
    },
    /// A request the worker could not read.
    Failed {
        id: u32,
        message: String,
    },
}

/// An answer without its big texts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum OutcomeHead {
    /// `opened`: what part 1 holds.
    Imported {
        opened: OpenedHead,
        report: ReportWire,
        validation: Option<Vec<Diagnostic>>,
    },
    /// The audit's JSON form, and each segment's network (`Segment::network`, outside that form).
    Audited {
        audit: Box<Audit>,
        segment_networks: Vec<Option<vpclab_core::Network>>,
    },
    Diffed(Box<Diff>),
}

/// What an import opened, on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpenedHead {
    Nothing,
    /// Part 1 is the diagram's JSON.
    Diagram,
    /// Part 1 is the lesson link (decoded again on the main thread: a lesson has no JSON form).
    LessonLink,
}

/// [`Report`] on the wire (its counts' labels are owned strings).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportWire {
    pub source: String,
    pub counts: Vec<(String, usize)>,
    pub diagnostics: Vec<Diagnostic>,
    pub error: Option<String>,
}

impl From<&Report> for ReportWire {
    fn from(r: &Report) -> Self {
        ReportWire {
            source: r.source.clone(),
            counts: r.counts.iter().map(|(l, n)| (l.to_string(), *n)).collect(),
            diagnostics: r.diagnostics.clone(),
            error: r.error.clone(),
        }
    }
}

impl From<ReportWire> for Report {
    fn from(r: ReportWire) -> Self {
        Report {
            source: r.source,
            counts: r
                .counts
                .into_iter()
                .filter_map(|(l, n)| crate::import::count_label(&l).map(|l| (l, n)))
                .collect(),
            diagnostics: r.diagnostics,
            error: r.error,
        }
    }
}

/// Parts → one frame: `u32` LE count, `u32` LE length of each part, then the parts.
pub fn frame(parts: &[&[u8]]) -> Vec<u8> {
    let len = 4 + 4 * parts.len() + parts.iter().map(|p| p.len()).sum::<usize>();
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(&(parts.len() as u32).to_le_bytes());
    for p in parts {
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
    }
    for p in parts {
        out.extend_from_slice(p);
    }
    out
}

/// A frame → its parts; `None` when it is cut short or malformed.
pub fn unframe(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let u32_at = |at: usize| -> Option<usize> {
        Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize)
    };
    let n = u32_at(0)?;
    let mut at = 4usize.checked_add(n.checked_mul(4)?)?;
    if at > bytes.len() {
        return None;
    }
    let mut parts = Vec::with_capacity(n);
    for i in 0..n {
        let len = u32_at(4 + 4 * i)?;
        let end = at.checked_add(len)?;
        parts.push(bytes.get(at..end)?);
        at = end;
    }
    (at == bytes.len()).then_some(parts)
}

fn json<T: Serialize>(value: &T) -> Vec<u8> {
    vpclab_core::json::to_string(value)
        .unwrap_or_default()
        .into_bytes()
}

fn text(part: &[u8], what: &str) -> Result<String, String> {
    std::str::from_utf8(part)
        .map(str::to_string)
        .map_err(|e| format!("{what} is not UTF-8: {e}"))
}

fn parse<T: serde::de::DeserializeOwned>(part: &[u8], what: &str) -> Result<T, String> {
    let t = std::str::from_utf8(part).map_err(|e| format!("{what} is not UTF-8: {e}"))?;
    vpclab_core::json::from_str(t).map_err(|e| format!("{what} cannot be read: {e}"))
}

/// A request to the worker, as the bytes it is sent as. Takes the job's parts by reference: the caller's
/// topology is written once, never cloned.
pub fn encode_job(id: u32, job: JobRef<'_>) -> Vec<u8> {
    match job {
        JobRef::Import { files, region } => {
            let head = json(&Head {
                id,
                job: JobHead::Import {
                    labels: files.iter().map(|(l, _)| l.clone()).collect(),
                    region: region.map(str::to_string),
                },
            });
            let mut parts: Vec<&[u8]> = vec![&head];
            parts.extend(files.iter().map(|(_, t)| t.as_bytes()));
            frame(&parts)
        }
        JobRef::Audit { topology, options } => {
            let head = json(&Head {
                id,
                job: JobHead::Audit {
                    options: options.clone(),
                },
            });
            frame(&[&head, &json(topology)])
        }
        JobRef::Diff {
            before,
            after,
            options,
        } => {
            let head = json(&Head {
                id,
                job: JobHead::Diff {
                    options: options.clone(),
                },
            });
            frame(&[&head, &json(before), &json(after)])
        }
    }
}

/// A [`Job`] by reference, to encode.
#[derive(Clone, Copy, Debug)]
pub enum JobRef<'a> {
    Import {
        files: &'a [(String, String)],
        region: Option<&'a str>,
    },
    Audit {
        topology: &'a Topology,
        options: &'a AuditOptions,
    },
    Diff {
        before: &'a Topology,
        after: &'a Topology,
        options: &'a AuditOptions,
    },
}

impl<'a> From<&'a Job> for JobRef<'a> {
    fn from(job: &'a Job) -> Self {
        match job {
            Job::Import { files, region } => JobRef::Import {
                files,
                region: region.as_deref(),
            },
            Job::Audit { topology, options } => JobRef::Audit { topology, options },
            Job::Diff {
                before,
                after,
                options,
            } => JobRef::Diff {
                before,
                after,
                options,
            },
        }
    }
}

/// The bytes of a request → its id and job. An error names what could not be read (with the id when known).
pub fn decode_job(bytes: &[u8]) -> Result<(u32, Job), (Option<u32>, String)> {
    let parts = unframe(bytes).ok_or((None, "the request is not a frame".to_string()))?;
    let head: Head = parse(
        parts.first().copied().unwrap_or_default(),
        "the request's header",
    )
    .map_err(|e| (None, e))?;
    let id = head.id;
    let bad = |e: String| (Some(id), e);
    let part = |i: usize| {
        parts
            .get(i)
            .copied()
            .ok_or((Some(id), format!("the request lacks part {i}")))
    };
    let job = match head.job {
        JobHead::Import { labels, region } => {
            if parts.len() != labels.len() + 1 {
                return Err(bad(format!(
                    "the request names {} files but holds {}",
                    labels.len(),
                    parts.len() - 1
                )));
            }
            let files = labels
                .into_iter()
                .zip(&parts[1..])
                .map(|(l, p)| text(p, &format!("`{l}`")).map(|t| (l, t)))
                .collect::<Result<_, _>>()
                .map_err(bad)?;
            Job::Import { files, region }
        }
        JobHead::Audit { options } => Job::Audit {
            topology: parse(part(1)?, "the topology").map_err(bad)?,
            options,
        },
        JobHead::Diff { options } => Job::Diff {
            before: parse(part(1)?, "the topology before").map_err(bad)?,
            after: parse(part(2)?, "the topology after").map_err(bad)?,
            options,
        },
    };
    Ok((id, job))
}

/// A progress message, as bytes.
pub fn encode_progress(id: u32, progress: &Progress) -> Vec<u8> {
    frame(&[&json(&Reply::Progress {
        id,
        progress: progress.clone(),
    })])
}

/// A request the worker could not read, as bytes.
pub fn encode_failure(id: u32, message: &str) -> Vec<u8> {
    frame(&[&json(&Reply::Failed {
        id,
        message: message.to_string(),
    })])
}

/// An answer, as bytes. The imported diagram is its own part (its JSON, written once, in the worker).
pub fn encode_outcome(id: u32, outcome: &Outcome) -> Vec<u8> {
    let (head, part): (OutcomeHead, Option<Vec<u8>>) = match outcome {
        Outcome::Imported(imported) => {
            let Imported {
                opened,
                report,
                validation,
            } = imported.as_ref();
            let (opened, part) = match opened {
                None => (OpenedHead::Nothing, None),
                Some(Opened::Diagram(d)) => (OpenedHead::Diagram, Some(json(d.as_ref()))),
                Some(Opened::Lesson(l)) => (
                    OpenedHead::LessonLink,
                    Some(vpclab_core::lesson::encode_lesson(l).into_bytes()),
                ),
            };
            (
                OutcomeHead::Imported {
                    opened,
                    report: report.into(),
                    validation: validation.clone(),
                },
                part,
            )
        }
        Outcome::Audited(a) => (
            OutcomeHead::Audited {
                segment_networks: a.segments.iter().map(|s| s.network).collect(),
                audit: a.clone(),
            },
            None,
        ),
        Outcome::Diffed(d) => (OutcomeHead::Diffed(d.clone()), None),
    };
    let head = json(&Reply::Done { id, outcome: head });
    match &part {
        Some(p) => frame(&[&head, p]),
        None => frame(&[&head]),
    }
}

/// A message from the worker, decoded.
#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    Progress(u32, Progress),
    Done(u32, Outcome),
    Failed(Option<u32>, String),
}

/// The bytes of a message from the worker → the message. (On the main thread: the imported diagram's JSON is
/// read here.)
pub fn decode_reply(bytes: &[u8]) -> Message {
    let Some(parts) = unframe(bytes) else {
        return Message::Failed(None, "the worker's answer is not a frame".into());
    };
    let head: Reply = match parse(parts.first().copied().unwrap_or_default(), "the answer") {
        Ok(h) => h,
        Err(e) => return Message::Failed(None, e),
    };
    match head {
        Reply::Progress { id, progress } => Message::Progress(id, progress),
        Reply::Failed { id, message } => Message::Failed(Some(id), message),
        Reply::Done { id, outcome } => {
            let outcome = match outcome {
                OutcomeHead::Imported {
                    opened,
                    report,
                    validation,
                } => {
                    let part = parts.get(1).copied().unwrap_or_default();
                    let opened = match opened {
                        OpenedHead::Nothing => None,
                        OpenedHead::Diagram => match parse::<Diagram>(part, "the imported diagram")
                        {
                            Ok(d) => Some(Opened::Diagram(Box::new(d))),
                            Err(e) => return Message::Failed(Some(id), e),
                        },
                        OpenedHead::LessonLink => {
                            let link = String::from_utf8_lossy(part);
                            match vpclab_core::lesson::decode_lesson(&link) {
                                Ok(l) => Some(Opened::Lesson(Box::new(l))),
                                Err(e) => return Message::Failed(Some(id), e.to_string()),
                            }
                        }
                    };
                    Outcome::Imported(Box::new(Imported {
                        opened,
                        report: report.into(),
                        validation,
                    }))
                }
                OutcomeHead::Audited {
                    mut audit,
                    segment_networks,
                } => {
                    for (s, n) in audit.segments.iter_mut().zip(segment_networks) {
                        s.network = n;
                    }
                    Outcome::Audited(audit)
                }
                OutcomeHead::Diffed(d) => Outcome::Diffed(d),
            };
            Message::Done(id, outcome)
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The runner (main thread).

type OnProgress = Rc<dyn Fn(Progress)>;
type OnDone = Box<dyn FnOnce(Result<Outcome, JobError>)>;

struct Pending {
    id: u32,
    /// The request, kept until answered: a job queued behind a cancelled one is sent again to the next worker.
    request: Rc<Vec<u8>>,
    on_progress: OnProgress,
    on_done: Option<OnDone>,
    sent: bool,
}

#[derive(Default)]
struct Runner {
    next_id: u32,
    worker: Option<browser::Worker>,
    /// No worker can be started here (no app page, or it failed to start): jobs run inline.
    inline: bool,
    pending: VecDeque<Pending>,
}

thread_local! {
    static RUNNER: RefCell<Runner> = RefCell::new(Runner::default());
}

/// A job that was started; [`JobHandle::cancel`] stops it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobHandle(u32);

impl JobHandle {
    /// Stops the job: its callback gets [`JobError::Cancelled`] (at once). If it was running, the worker is
    /// terminated and a fresh one takes the jobs still queued.
    pub fn cancel(&self) {
        cancel(self.0);
    }
}

/// Starts the worker now (e.g. when the Import dialog opens), so that a job does not wait for it to load.
pub fn warm_up() {
    RUNNER.with(|r| {
        let mut r = r.borrow_mut();
        ensure_worker(&mut r);
    });
}

/// Runs `job` off the main thread: `on_progress` for each progress message, then `on_done` once (on the main
/// thread, from the event loop, never from inside this call).
pub fn run(
    job: JobRef<'_>,
    on_progress: impl Fn(Progress) + 'static,
    on_done: impl FnOnce(Result<Outcome, JobError>) + 'static,
) -> JobHandle {
    let id = RUNNER.with(|r| {
        let mut r = r.borrow_mut();
        r.next_id = r.next_id.wrapping_add(1);
        let id = r.next_id;
        r.pending.push_back(Pending {
            id,
            request: Rc::new(encode_job(id, job)),
            on_progress: Rc::new(on_progress),
            on_done: Some(Box::new(on_done)),
            sent: false,
        });
        id
    });
    pump();
    JobHandle(id)
}

/// Imports what the Import dialog was given (see [`crate::import::run`]).
pub fn import(
    files: &[(String, String)],
    region: Option<&str>,
    on_progress: impl Fn(Progress) + 'static,
    on_done: impl FnOnce(Result<Imported, JobError>) + 'static,
) -> JobHandle {
    run(JobRef::Import { files, region }, on_progress, move |r| {
        on_done(r.and_then(|o| match o {
            Outcome::Imported(i) => Ok(*i),
            _ => Err(JobError::Failed("the worker answered another job".into())),
        }))
    })
}

/// Audits a topology ([`vpclab_core::Session::audit`]) off the main thread. Fields the audit's JSON leaves out
/// (`Audit::traces`, `Recommendation::steps`) arrive empty.
pub fn audit(
    topology: &Topology,
    options: &AuditOptions,
    on_progress: impl Fn(Progress) + 'static,
    on_done: impl FnOnce(Result<Audit, JobError>) + 'static,
) -> JobHandle {
    run(JobRef::Audit { topology, options }, on_progress, move |r| {
        on_done(r.and_then(|o| match o {
            Outcome::Audited(a) => Ok(*a),
            _ => Err(JobError::Failed("the worker answered another job".into())),
        }))
    })
}

/// Compares the audits of two topologies ([`vpclab_core::audit::diff`]) off the main thread.
pub fn diff(
    before: &Topology,
    after: &Topology,
    options: &AuditOptions,
    on_progress: impl Fn(Progress) + 'static,
    on_done: impl FnOnce(Result<Diff, JobError>) + 'static,
) -> JobHandle {
    run(
        JobRef::Diff {
            before,
            after,
            options,
        },
        on_progress,
        move |r| {
            on_done(r.and_then(|o| match o {
                Outcome::Diffed(d) => Ok(*d),
                _ => Err(JobError::Failed("the worker answered another job".into())),
            }))
        },
    )
}

fn ensure_worker(r: &mut Runner) {
    if r.worker.is_some() || r.inline {
        return;
    }
    match browser::Worker::start(on_message, on_crash) {
        Some(w) => r.worker = Some(w),
        None => r.inline = true,
    }
}

/// Sends what can be sent: every unsent job once the worker is ready; inline, the first job (later, from the
/// event loop).
fn pump() {
    let inline = RUNNER.with(|r| {
        let mut r = r.borrow_mut();
        ensure_worker(&mut r);
        if r.inline {
            return true;
        }
        let Runner {
            worker, pending, ..
        } = &mut *r;
        if let Some(w) = worker.as_ref().filter(|w| w.ready()) {
            for p in pending.iter_mut().filter(|p| !p.sent) {
                w.post(&p.request);
                p.sent = true;
            }
        }
        false
    });
    if inline {
        browser::later(run_inline);
    }
}

/// Without a worker: runs the first queued job here (progress is not shown: nothing paints meanwhile).
fn run_inline() {
    let next = RUNNER.with(|r| {
        let mut r = r.borrow_mut();
        let p = r.pending.iter_mut().find(|p| !p.sent)?;
        p.sent = true;
        Some(Rc::clone(&p.request))
    });
    let Some(request) = next else { return };
    let reply = match decode_job(&request) {
        Ok((id, job)) => encode_outcome(id, &handle(job, &mut |_| {})),
        Err((id, e)) => encode_failure(id.unwrap_or(0), &e),
    };
    on_message(&reply);
    if RUNNER.with(|r| r.borrow().pending.iter().any(|p| !p.sent)) {
        browser::later(run_inline);
    }
}

/// A message from the worker (or the inline runner). `b"ready"`-free: readiness is signalled separately.
fn on_message(bytes: &[u8]) {
    match crate::browser::timed("job-decode", || decode_reply(bytes)) {
        Message::Progress(id, p) => {
            let cb = RUNNER.with(|r| {
                r.borrow()
                    .pending
                    .iter()
                    .find(|x| x.id == id)
                    .map(|x| Rc::clone(&x.on_progress))
            });
            if let Some(cb) = cb {
                cb(p);
            }
        }
        // Decoding a large answer is a task of its own; what the page does with it comes in the next one.
        Message::Done(id, outcome) => browser::later(move || finish(id, Ok(outcome))),
        Message::Failed(Some(id), e) => finish(id, Err(JobError::Failed(e))),
        Message::Failed(None, e) => {
            // Unattributable: the oldest job in flight is the one the worker was on.
            if let Some(id) = RUNNER.with(|r| r.borrow().pending.front().map(|p| p.id)) {
                finish(id, Err(JobError::Failed(e)));
            }
        }
    }
}

/// The worker became ready (send the queue) or could not start / crashed (`ok == false`).
fn on_crash(message: Option<String>) {
    match message {
        None => pump(),
        Some(e) => {
            // The job it was on fails; a fresh worker takes the rest.
            let first = RUNNER.with(|r| {
                let mut r = r.borrow_mut();
                let started = r.worker.as_ref().is_some_and(|w| w.ready());
                if let Some(w) = r.worker.take() {
                    w.terminate();
                }
                if !started {
                    // It never started (blocked, missing, no module workers): run jobs inline from now on.
                    r.inline = true;
                }
                for p in r.pending.iter_mut() {
                    p.sent = false;
                }
                if started {
                    r.pending.front().map(|p| p.id)
                } else {
                    None
                }
            });
            if let Some(id) = first {
                finish(
                    id,
                    Err(JobError::Failed(format!("the worker stopped: {e}"))),
                );
            }
            pump();
        }
    }
}

fn finish(id: u32, result: Result<Outcome, JobError>) {
    let done = RUNNER.with(|r| {
        let mut r = r.borrow_mut();
        let at = r.pending.iter().position(|p| p.id == id)?;
        r.pending.remove(at).and_then(|mut p| p.on_done.take())
    });
    if let Some(done) = done {
        done(result);
    }
}

fn cancel(id: u32) {
    let (done, running) = RUNNER.with(|r| {
        let mut r = r.borrow_mut();
        let Some(at) = r.pending.iter().position(|p| p.id == id) else {
            return (None, false);
        };
        let p = r.pending.remove(at);
        let running = p.as_ref().is_some_and(|p| p.sent) && !r.inline;
        if running {
            if let Some(w) = r.worker.take() {
                w.terminate();
            }
            for p in r.pending.iter_mut() {
                p.sent = false;
            }
        }
        (p.and_then(|mut p| p.on_done.take()), running)
    });
    if running {
        pump();
    }
    if let Some(done) = done {
        done(Err(JobError::Cancelled));
    }
}

/// The worker from the main thread's side, and the worker's own loop.
pub mod browser {
    use std::cell::Cell;
    use std::rc::Rc;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    /// The running worker.
    pub struct Worker {
        worker: web_sys::Worker,
        ready: Rc<Cell<bool>>,
        /// The handlers; dropped from the event loop, never while one of them runs (a crash terminates the
        /// worker from inside its error handler).
        handlers: Option<Handlers>,
    }

    type Handlers = (
        Closure<dyn FnMut(web_sys::MessageEvent)>,
        Closure<dyn FnMut(web_sys::Event)>,
    );

    impl Worker {
        /// Starts `worker.js` beside the page's loader (a module worker), or `None` where the page has no loader
        /// (browser tests, the embed page) or the browser refuses. `on_message` gets each message's bytes;
        /// `on_state(None)` is called once the worker is ready, `on_state(Some(why))` when it fails.
        pub fn start(on_message: fn(&[u8]), on_state: fn(Option<String>)) -> Option<Worker> {
            let doc = gloo::utils::document();
            let boot = doc.get_element_by_id("vpclab-boot")?;
            // The worker binary's files, content-hashed (Trunk.toml `pattern_script`, scripts/asset-version.mjs):
            // worker.js loads what these name, so a new build is never taken from a stale cache.
            let base = doc.base_uri().ok().flatten()?;
            let url = web_sys::Url::new_with_base("worker.js", &base).ok()?;
            for (param, attr) in [("js", "data-worker-js"), ("wasm", "data-worker-wasm")] {
                let name = boot.get_attribute(attr)?;
                let file = web_sys::Url::new_with_base(&name, &base).ok()?;
                url.search_params().set(param, &file.href());
            }
            let options = web_sys::WorkerOptions::new();
            options.set_type(web_sys::WorkerType::Module);
            options.set_name("vpclab-jobs");
            let worker = web_sys::Worker::new_with_options(&url.href(), &options).ok()?;
            let ready = Rc::new(Cell::new(false));
            let on_message = {
                let ready = Rc::clone(&ready);
                Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                    let data = e.data();
                    if let Some(s) = data.as_string() {
                        if s == "ready" {
                            ready.set(true);
                            on_state(None);
                        } else {
                            on_state(Some(s));
                        }
                        return;
                    }
                    if let Some(buf) = data.dyn_ref::<js_sys::ArrayBuffer>() {
                        on_message(&js_sys::Uint8Array::new(buf).to_vec());
                    }
                })
            };
            let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
                e.prevent_default();
                let message = js_sys::Reflect::get(&e, &JsValue::from_str("message"))
                    .ok()
                    .and_then(|m| m.as_string())
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| "it could not be loaded".to_string());
                on_state(Some(message));
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
            Some(Worker {
                worker,
                ready,
                handlers: Some((on_message, on_error)),
            })
        }

        pub fn ready(&self) -> bool {
            self.ready.get()
        }

        /// Sends a request; its buffer is transferred, not copied.
        pub fn post(&self, request: &[u8]) {
            post(&self.worker, request, |t, v, list| {
                t.unchecked_ref::<web_sys::Worker>()
                    .post_message_with_transfer(v, list)
            });
        }

        pub fn terminate(self) {
            self.worker.terminate();
        }
    }

    impl Drop for Worker {
        fn drop(&mut self) {
            self.worker.set_onmessage(None);
            self.worker.set_onerror(None);
            self.worker.set_onmessageerror(None);
            if let Some(handlers) = self.handlers.take() {
                gloo::timers::callback::Timeout::new(0, move || drop(handlers)).forget();
            }
        }
    }

    /// `bytes` into a fresh `ArrayBuffer`, posted with the buffer in the transfer list.
    fn post(
        target: &JsValue,
        bytes: &[u8],
        send: impl Fn(&JsValue, &JsValue, &JsValue) -> Result<(), JsValue>,
    ) {
        let array = js_sys::Uint8Array::new_with_length(bytes.len() as u32);
        array.copy_from(bytes);
        let buffer = array.buffer();
        let _ = send(target, &buffer, &js_sys::Array::of1(&buffer));
    }

    /// Calls `f` from the event loop (a zero timeout), after the current task.
    pub fn later(f: impl FnOnce() + 'static) {
        gloo::timers::callback::Timeout::new(0, f).forget();
    }

    /// The worker's loop (`src/bin/worker.rs`): each message is a request; progress and the answer go back as
    /// transferred buffers. Says `"ready"` once listening (messages sent before that would be lost).
    pub fn serve() {
        let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let reply_to = scope.clone();
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let Some(buf) = e.data().dyn_ref::<js_sys::ArrayBuffer>().cloned() else {
                    return;
                };
                let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                let send = |reply: &[u8]| {
                    post(reply_to.as_ref(), reply, |t, v, list| {
                        t.unchecked_ref::<web_sys::DedicatedWorkerGlobalScope>()
                            .post_message_with_transfer(v, list)
                    })
                };
                match super::decode_job(&bytes) {
                    Ok((id, job)) => {
                        let outcome = super::handle(job, &mut |p| {
                            send(&super::encode_progress(id, &p));
                        });
                        send(&super::encode_outcome(id, &outcome));
                    }
                    Err((id, e)) => send(&super::encode_failure(id.unwrap_or(0), &e)),
                }
            });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let _ = scope.post_message(&JsValue::from_str("ready"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpclab_core::synth;

    fn roundtrip(job: &Job) -> Job {
        let bytes = encode_job(7, job.into());
        let (id, back) = decode_job(&bytes).unwrap();
        assert_eq!(id, 7);
        back
    }

    #[test]
    fn frames_round_trip_and_refuse_garbage() {
        let parts: [&[u8]; 3] = [b"{}", b"", "é\u{0}".as_bytes()];
        let f = frame(&parts);
        assert_eq!(unframe(&f).unwrap(), parts.to_vec());
        assert!(unframe(&f[..f.len() - 1]).is_none());
        assert!(unframe(&[]).is_none());
        assert!(unframe(&[255, 255, 255, 255]).is_none());
        let mut longer = f.clone();
        longer.push(0);
        assert!(unframe(&longer).is_none());
        assert!(decode_job(b"nonsense").is_err());
        assert!(matches!(decode_reply(b"x"), Message::Failed(None, _)));
    }

    #[test]
    fn jobs_round_trip_on_a_100_vpc_topology() {
        let topology = synth::generate(100, 10);
        let options = AuditOptions {
            services: vec!["sqs".into()],
            ..AuditOptions::default()
        };
        let audit = Job::Audit {
            topology: Box::new(topology.clone()),
            options: options.clone(),
        };
        assert_eq!(roundtrip(&audit), audit);
        let mut after = topology.clone();
        after.vpc_endpoints.clear();
        let diff = Job::Diff {
            before: Box::new(topology),
            after: Box::new(after),
            options,
        };
        assert_eq!(roundtrip(&diff), diff);
        let import = Job::Import {
            files: vec![
                ("a/us-east-1/Vpcs.json".into(), "{\"Vpcs\": []}".into()),
                ("pasted text".into(), "ünïcode \"quoted\"\n".into()),
            ],
            region: Some("eu-west-1".into()),
        };
        assert_eq!(roundtrip(&import), import);
    }

    #[test]
    fn an_import_answer_round_trips_with_its_diagram_and_report() {
        // The 100-VPC topology as a topology JSON file: the worker imports it, the main thread reads the answer.
        let topology = synth::generate(100, 10);
        let files = vec![(
            "big.json".to_string(),
            vpclab_core::json::to_string(&topology).unwrap(),
        )];
        let mut seen = Vec::new();
        let outcome = handle(
            Job::Import {
                files: files.clone(),
                region: None,
            },
            &mut |p| seen.push(p),
        );
        let Message::Done(3, back) = decode_reply(&encode_outcome(3, &outcome)) else {
            panic!("not an answer");
        };
        assert_eq!(back, outcome);
        let Outcome::Imported(imported) = back else {
            panic!("not an import");
        };
        let Imported {
            opened: Some(Opened::Diagram(d)),
            report,
            validation,
        } = *imported
        else {
            panic!("nothing opened");
        };
        assert_eq!(d.topology, topology);
        assert_eq!(validation, Some(vpclab_core::validate::validate(&topology)));
        assert!(report.counts.contains(&("VPCs", 100)));
        assert_eq!((opened_run(&files).1), report);
    }

    fn opened_run(files: &[(String, String)]) -> (Option<Opened>, Report) {
        crate::import::run(files, None)
    }

    #[test]
    fn an_aws_import_reports_each_file_then_the_conversion() {
        let files = vec![
            (
                "s/Vpcs.json".to_string(),
                r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#.to_string(),
            ),
            (
                "s/Subnets.json".to_string(),
                r#"{"Subnets": []}"#.to_string(),
            ),
        ];
        let mut seen = Vec::new();
        let outcome = handle(
            Job::Import {
                files,
                region: Some("us-east-1".into()),
            },
            &mut |p| seen.push(p.text()),
        );
        assert_eq!(
            seen,
            [
                "Reading file 1 of 2: s/Vpcs.json",
                "Reading file 2 of 2: s/Subnets.json",
                "Building the topology…"
            ]
        );
        let Message::Done(1, back) = decode_reply(&encode_outcome(1, &outcome)) else {
            panic!()
        };
        assert_eq!(back, outcome);
    }

    #[test]
    fn failures_and_lesson_links_cross_the_wire() {
        let failed = handle(
            Job::Import {
                files: vec![("x.json".into(), "{\"foo\": 1}".into())],
                region: None,
            },
            &mut |_| {},
        );
        let Message::Done(2, back) = decode_reply(&encode_outcome(2, &failed)) else {
            panic!()
        };
        assert_eq!(back, failed);
        let link = format!(
            "#{}",
            vpclab_core::lesson::encode_lesson(&vpclab_core::lesson::builtin()[0])
        );
        let lesson = handle(
            Job::Import {
                files: vec![("pasted text".into(), link)],
                region: None,
            },
            &mut |_| {},
        );
        let Message::Done(2, back) = decode_reply(&encode_outcome(2, &lesson)) else {
            panic!()
        };
        assert_eq!(back, lesson);
        assert!(matches!(
            decode_reply(&encode_failure(9, "bad")),
            Message::Failed(Some(9), _)
        ));
    }

    #[test]
    fn an_audit_and_a_diff_answer_as_the_core_does() {
        let topology = synth::generate(3, 2);
        let options = AuditOptions::default();
        let mut stages = Vec::new();
        let outcome = handle(
            Job::Audit {
                topology: Box::new(topology.clone()),
                options: options.clone(),
            },
            &mut |p| stages.push(p),
        );
        assert_eq!(stages.len(), 4, "{stages:?}");
        let direct = vpclab_core::Session::new(&topology).audit(&options);
        let Message::Done(5, Outcome::Audited(a)) = decode_reply(&encode_outcome(5, &outcome))
        else {
            panic!()
        };
        // The wire carries the audit's JSON form (`traces` and `steps` are not part of it).
        assert_eq!(
            vpclab_core::json::to_string(a.as_ref()).unwrap(),
            vpclab_core::json::to_string(&direct).unwrap()
        );
        // … and each segment's network beside it (the Report's `data-network`).
        let networks = |a: &Audit| a.segments.iter().map(|s| s.network).collect::<Vec<_>>();
        assert!(
            networks(&direct).iter().any(Option::is_some),
            "a reachable segment"
        );
        assert_eq!(networks(&a), networks(&direct));
        let mut after = topology.clone();
        after.vpc_endpoints.clear();
        let outcome = handle(
            Job::Diff {
                before: Box::new(topology),
                after: Box::new(after),
                options,
            },
            &mut |_| {},
        );
        let Message::Done(6, Outcome::Diffed(d)) = decode_reply(&encode_outcome(6, &outcome))
        else {
            panic!()
        };
        assert!(d.summary.worse > 0, "{:?}", d.summary);
    }
}
