//! Starting the service in the background for tests.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use crate::options::DemoOptions;
use crate::serve::serve;

/// Starts the demo on `127.0.0.1:<free port>` in a background thread with its own tokio
/// runtime. The server runs until the returned [`DemoHandle`] is dropped or
/// [stopped](DemoHandle::stop).
///
/// ```
/// let (addr, _server) = shipgate_demo::spawn(shipgate_demo::DemoOptions::default())?;
/// assert!(addr.ip().is_loopback());
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Errors
/// When `opts` do not validate, the port cannot be bound, or the runtime or thread cannot
/// be created.
pub fn spawn(opts: DemoOptions) -> io::Result<(SocketAddr, DemoHandle)> {
    opts.validate()
        .map_err(|err| io::Error::new(io::ErrorKind::InvalidInput, err))?;
    let std_listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    std_listener.set_nonblocking(true)?;
    let addr = std_listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(std_listener)?
    };
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name(format!("shipgate-demo-{}", addr.port()))
        .spawn(move || {
            runtime.block_on(serve(listener, opts, async move {
                // Either an explicit stop or the handle being dropped ends the server.
                let _ = stop_rx.await;
            }))
        })?;
    Ok((
        addr,
        DemoHandle {
            stop: Some(stop_tx),
            thread: Some(thread),
        },
    ))
}

/// Keeps a server started by [`spawn`] running; dropping it stops the server and waits
/// for its thread.
#[derive(Debug)]
pub struct DemoHandle {
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl DemoHandle {
    /// Stops the server, waits for it and returns how serving ended.
    ///
    /// # Errors
    /// The server's own error, or [`io::ErrorKind::Other`] if its thread panicked.
    pub fn stop(mut self) -> io::Result<()> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            // The receiver is gone only if the server already ended; joining reports why.
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("shipgate-demo server thread panicked"))),
            None => Ok(()),
        }
    }
}

impl Drop for DemoHandle {
    fn drop(&mut self) {
        if let Err(err) = self.shutdown() {
            tracing::warn!(%err, "shipgate-demo server ended with an error");
        }
    }
}
