/**
 * Runtime API: the Confidential Runtime's state machine and the service other bundles (REST,
 * shell, agent engine) use to ask whether data may be processed and to reach provisioned secrets.
 */
@Export
@Version("1.0.0")
package io.ccl.runtime.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
