//! Long-running jobs started from a page (validating a large census file): each job counts its
//! progress as it reads, so its page can show how far it has got. Jobs live in memory and belong
//! to the user who started them; their results are not personal data beyond the LAchildIDs the
//! uploaded file itself contained.

use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// At most this many finished jobs are kept (oldest dropped first).
const KEEP: usize = 50;

#[derive(Clone, Default)]
pub struct Jobs(Arc<Mutex<HashMap<Uuid, Arc<Job>>>>);

pub enum JobState {
    Running,
    Done(Box<ff_returns::cin::Report>),
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
}

impl Jobs {
    pub fn start(&self, owner: Uuid, la: &str, started: DateTime<Utc>, total_bytes: u64) -> Arc<Job> {
        let job = Arc::new(Job {
            id: Uuid::now_v7(),
            owner,
            la: la.to_owned(),
            started,
            total_bytes,
            read_bytes: AtomicU64::new(0),
            state: Mutex::new(JobState::Running),
        });
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= KEEP
            && let Some(oldest) = map
                .values()
                .filter(|j| !matches!(*j.state.lock().unwrap_or_else(|e| e.into_inner()), JobState::Running))
                .min_by_key(|j| j.started)
                .map(|j| j.id)
        {
            map.remove(&oldest);
        }
        map.insert(job.id, job.clone());
        job
    }

    /// The job, if it exists and belongs to this user of this council.
    pub fn get(&self, id: Uuid, owner: Uuid, la: &str) -> Option<Arc<Job>> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
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
