/**
 * JSON REST plumbing for CCL servlets: {@link io.ccl.web.JsonServlet} reads bounded JSON bodies
 * strictly (unknown members refused), maps failures to RFC 9457 problem bodies
 * ({@code application/problem+json}) with the right status, and never sends a stack trace.
 */
@Export
@Version("1.0.0")
package io.ccl.web;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
