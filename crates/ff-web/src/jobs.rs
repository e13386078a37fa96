//! Long-running jobs started from a page (validating a large census file): each job counts its
//! progress as it reads, so its page can show how far it has got. Jobs live in memory and belong
//! to the user who started them; their results are not personal data beyond the LAchildIDs the
//! uploaded file itself contained.
//!
//! Memory stays bounded whatever the file holds: the upload is streamed to a
//! temporary file; the checker keeps only a few example issues per rule in memory and writes the
//! full list to a file on disk (itself capped), which the page offers as a download; the page
//! reads a summary made once when the job ends, never a copy of the whole report; and only a
//! few jobs run at once, overall and per user.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// At most this many finished jobs are kept (oldest dropped first, with their files: at most
/// about 100 MB of issue lists each, so a few GB of temporary disk in all).
const KEEP: usize = 20;

/// How much the server accepts and runs at once. Set from the command line
/// (`--max-upload-mb`, `--max-jobs`, `--max-jobs-per-user`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobLimits {
    /// The largest file accepted (a national CIN census file is about 1 GB).
    pub max_upload_bytes: u64,
    /// Jobs running at once across the server (each takes about one core).
    pub max_running: usize,
    /// Jobs one user may have running at once.
    pub max_running_per_user: usize,
    /// Rows written to a job's downloadable issue list; past this the list says it was cut short.
    pub max_listed_issues: u64,
}

impl Default for JobLimits {
    fn default() -> Self {
        Self { max_upload_bytes: 2 << 30, max_running: 2, max_running_per_user: 1, max_listed_issues: 1_000_000 }
    }
}

/// Why a job could not start now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Busy {
    /// This user already has as many jobs running as they may.
    User,
    /// The server is running as many jobs as it may.
    Server,
}

impl Busy {
    pub fn message(self) -> &'static str {
        match self {
            Busy::User => "You already have a file being checked. Wait for it to finish, then check the next one.",
            Busy::Server => "Other files are being checked at the moment. Try again in a few minutes.",
        }
    }
}

#[derive(Clone, Default)]
pub struct Jobs {
    map: Arc<Mutex<HashMap<Uuid, Arc<Job>>>>,
    limits: JobLimits,
}

/// Issues with one rule code, for the grouped view.
pub struct RuleGroup {
    pub rule: String,
    pub error: bool,
    pub message: String,
    /// Every issue with this code (kept in memory or not).
    pub count: u64,
    /// (LAchildID, local person id if any), the first few.
    pub children: Vec<(String, Option<Uuid>)>,
}

/// What a finished check leaves behind: the figures, a few examples per rule, and the full list
/// of issues in a file on disk (removed when the job is dropped).
pub struct Finished {
    pub report: ff_returns::cin::Report,
    pub groups: Vec<RuleGroup>,
    pub issues_file: Option<PathBuf>,
    /// Issues written to the file.
    pub listed: u64,
    /// True when the file stopped at [`JobLimits::max_listed_issues`].
    pub list_cut_short: bool,
}

impl Drop for Finished {
    fn drop(&mut self) {
        if let Some(path) = &self.issues_file {
            let _ = std::fs::remove_file(path);
        }
    }
}

pub enum JobState {
    Running,
    Done(Arc<Finished>),
    Failed(String),
}

pub struct Job {
    pub id: Uuid,
    pub owner: Uuid,
    pub la: String,
    pub started: DateTime<Utc>,
    pub total_bytes: u64,
    pub read_bytes: AtomicU64,
    pub state: Mutex<JobState>,
}

impl Job {
    /// Percentage of the file read so far (0–100).
    pub fn percent(&self) -> u64 {
        (self.read_bytes.load(Ordering::Relaxed) * 100).checked_div(self.total_bytes).unwrap_or(100).min(100)
    }

    pub fn running(&self) -> bool {
        matches!(*self.state.lock().unwrap_or_else(|e| e.into_inner()), JobState::Running)
    }

    pub fn finish(&self, outcome: Result<Finished, String>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        *state = match outcome {
            Ok(f) => JobState::Done(Arc::new(f)),
            Err(e) => JobState::Failed(e),
        };
    }
}

impl Jobs {
    pub fn new(limits: JobLimits) -> Self {
        Self { map: Default::default(), limits }
    }

    pub fn limits(&self) -> JobLimits {
        self.limits
    }

    /// Whether `owner` could start a job now (checked again, atomically, by [`Jobs::start`]).
    pub fn busy(&self, owner: Uuid) -> Option<Busy> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        self.busy_in(&map, owner)
    }

    fn busy_in(&self, map: &HashMap<Uuid, Arc<Job>>, owner: Uuid) -> Option<Busy> {
        let running: Vec<&Arc<Job>> = map.values().filter(|j| j.running()).collect();
        if running.iter().filter(|j| j.owner == owner).count() >= self.limits.max_running_per_user {
            Some(Busy::User)
        } else if running.len() >= self.limits.max_running {
            Some(Busy::Server)
        } else {
            None
        }
    }

    pub fn start(&self, id: Uuid, owner: Uuid, la: &str, started: DateTime<Utc>, total_bytes: u64) -> Result<Arc<Job>, Busy> {
        let job = Arc::new(Job {
            id,
            owner,
            la: la.to_owned(),
            started,
            total_bytes,
            read_bytes: AtomicU64::new(0),
            state: Mutex::new(JobState::Running),
        });
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(busy) = self.busy_in(&map, owner) {
            return Err(busy);
        }
        if map.len() >= KEEP
            && let Some(oldest) = map.values().filter(|j| !j.running()).min_by_key(|j| j.started).map(|j| j.id)
        {
            map.remove(&oldest);
        }
        map.insert(job.id, job.clone());
        Ok(job)
    }

    /// The job, if it exists and belongs to this user of this council.
    pub fn get(&self, id: Uuid, owner: Uuid, la: &str) -> Option<Arc<Job>> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(&id).filter(|j| j.owner == owner && j.la == la).cloned()
    }
}

/// A reader that counts the bytes read into the job's progress.
pub struct Counting<R> {
    pub inner: R,
    pub job: Arc<Job>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.job.read_bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}
