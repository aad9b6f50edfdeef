/**
 * Audit API: the events every security-relevant operation emits (attestations, releases, key
 * lifecycle, lockdown, admin actions) and the sink SPI that records them, e.g. in the receipts
 * transparency log. Events carry names, versions, digests and outcomes, never secret material.
 */
@Export
@Version("1.0.0")
package io.ccl.audit.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
