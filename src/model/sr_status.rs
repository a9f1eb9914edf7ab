//! A repository's state and its connection on each server, as XenCenter's General tab
//! shows them (`GeneralTabPage.GenerateStatusBox`, `SR.IsDetached`/`IsBroken`,
//! `PBD.StatusString`): so a repository attached on some servers only says where it is
//! not, after a New Storage or a Repair that failed on one of them.

use super::host_state::is_live;
use xenapi::{Cache, Host, Ref, Sr};

/// The repository as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SrState {
    Ok,
    /// Attached on no server (or without any PBD).
    Detached,
    /// A server lacks its connection, or has it unplugged.
    Broken,
}

/// One server's connection to the repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    Connected,
    Unplugged,
    /// The server is down: its connection cannot be trusted.
    ServerDown,
    /// A shared repository without a PBD for this server.
    Missing,
}

/// Each server and its connection.
pub type Connections = Vec<(Ref<Host>, Connection)>;

/// The state, then each server that has (or, for a shared repository, should have) a
/// connection, by server name.
pub fn status(cache: &Cache, sr: &Ref<Sr>) -> Option<(SrState, Connections)> {
    let s = cache.srs.get(sr)?;
    let pbds: Vec<_> = cache.pbds.values().filter(|p| p.sr == *sr).collect();
    let attached = pbds.iter().filter(|p| p.currently_attached).count();
    let mut hosts: Vec<_> = cache.hosts.iter().collect();
    hosts.sort_by(|a, b| a.1.name_label.cmp(&b.1.name_label));
    let mut rows = Vec::new();
    for (h, host) in hosts {
        let c = match pbds.iter().find(|p| p.host == *h) {
            None if s.shared => Connection::Missing,
            None => continue,
            Some(p) if !p.currently_attached => Connection::Unplugged,
            Some(_) if !is_live(cache, host) => Connection::ServerDown,
            Some(_) => Connection::Connected,
        };
        rows.push((h.clone(), c));
    }
    Some((judge(cache, s, pbds.len(), attached), rows))
}

/// The state alone, from the repository's own PBD list (cheap: the tree asks it of every
/// repository on each build, for XenCenter's broken-storage icon).
pub fn state(cache: &Cache, s: &Sr) -> SrState {
    let pbds: Vec<_> = s.pbds.iter().filter_map(|p| cache.pbds.get(p)).collect();
    let attached = pbds.iter().filter(|p| p.currently_attached).count();
    judge(cache, s, pbds.len(), attached)
}

/// `n` PBDs, `attached` of them plugged: detached when none is (XenCenter's `IsDetached`),
/// broken when one is missing or unplugged (`IsBroken`).
fn judge(cache: &Cache, s: &Sr, n: usize, attached: usize) -> SrState {
    let expected = if s.shared { cache.hosts.len() } else { 1 };
    if attached == 0 {
        SrState::Detached
    } else if n != expected || attached != n {
        SrState::Broken
    } else {
        SrState::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NFS: &str = "OpaqueRef:fac3a4b5-4ee6-5210-aa82-b1a91e13d07a";

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    #[test]
    fn a_shared_repository_says_which_server_lacks_it() {
        let mut c = demo();
        let nfs = Ref::new(NFS);
        let (state, rows) = status(&c, &nfs).unwrap();
        assert_eq!(state, SrState::Ok);
        assert_eq!(rows.len(), c.hosts.len());
        assert!(rows.iter().all(|(_, s)| *s == Connection::Connected));
        // One server's connection unplugged: broken, and that server says so.
        let (first, _) = rows[0].clone();
        for p in c
            .pbds
            .values_mut()
            .filter(|p| p.sr == nfs && p.host == first)
        {
            p.currently_attached = false;
        }
        let (state, rows) = status(&c, &nfs).unwrap();
        assert_eq!(state, SrState::Broken);
        assert_eq!(super::state(&c, c.srs.get(&nfs).unwrap()), SrState::Broken);
        assert_eq!(rows[0], (first.clone(), Connection::Unplugged));
        assert_eq!(rows[1].1, Connection::Connected);
        // Its PBD gone: the connection is missing.
        c.pbds.retain(|_, p| !(p.sr == nfs && p.host == first));
        let (state, rows) = status(&c, &nfs).unwrap();
        assert_eq!(rows[0], (first, Connection::Missing));
        assert_eq!(state, SrState::Broken);
        assert_eq!(super::state(&c, c.srs.get(&nfs).unwrap()), SrState::Broken);
        // Nothing plugged: detached.
        for p in c.pbds.values_mut().filter(|p| p.sr == nfs) {
            p.currently_attached = false;
        }
        assert_eq!(status(&c, &nfs).unwrap().0, SrState::Detached);
        assert_eq!(
            super::state(&c, c.srs.get(&nfs).unwrap()),
            SrState::Detached
        );
    }
}
