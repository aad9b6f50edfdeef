/**
 * The runtime's measured-modules view: the hash-chained bundle event log whose digest is the
 * runtime-data member {@code measurements}, for the shell and other read-only consumers.
 */
@Export
@Version("1.0.0")
package io.ccl.runtime.api.measure;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
