//! Compiles shim.c against whichever of libosip2-dev and libsofia-sip-ua-dev is installed.
//! Without them the crate still builds and reports the peers as absent.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=shim.c");
    println!("cargo:rustc-check-cfg=cfg(has_osip)");
    println!("cargo:rustc-check-cfg=cfg(has_sofia)");
    let osip = Path::new("/usr/include/osipparser2/osip_parser.h").exists();
    let sofia_inc = Path::new("/usr/include/sofia-sip-1.12");
    let sofia = sofia_inc.join("sofia-sip/msg.h").exists();
    if !osip && !sofia {
        return;
    }
    let mut b = cc::Build::new();
    b.file("shim.c").opt_level(2).warnings(false);
    if osip {
        b.define("HAVE_OSIP", None);
        println!("cargo:rustc-cfg=has_osip");
    }
    if sofia {
        b.define("HAVE_SOFIA", None).include(sofia_inc);
        println!("cargo:rustc-cfg=has_sofia");
    }
    b.compile("strowger_sip_peer_shim");
    if osip {
        println!("cargo:rustc-link-lib=osipparser2");
    }
    if sofia {
        println!("cargo:rustc-link-lib=sofia-sip-ua");
    }
}
