/**
 * Agents API: what an agent bundle implements ({@link io.ccl.agents.api.AgentType}, registered with
 * the service property {@code ccl.agent.type}), what a job is given
 * ({@link io.ccl.agents.api.AgentContext}: only the secrets its configuration grants, an HTTP client
 * limited to its egress allowlist, its digest-checked models) and the engine service that accepts
 * jobs and reports on them ({@link io.ccl.agents.api.AgentEngine}).
 *
 * <p><b>Security guarantees.</b> An agent reaches secrets, the network and models only through the
 * capability objects of its job; a request outside its grant is refused with a typed exception and
 * never reaches the runtime, the network or the model store. Inputs arrive decrypted only for the
 * duration of the job, results leave sealed to the requester. <b>Limits:</b> these are API
 * boundaries inside one JVM, not memory isolation: code in an agent bundle can still call
 * {@code java.net} directly or read another bundle's objects by reflection. Bundle allowlisting (the
 * resolver hook) and the network policy of the confidential container are what stop that.
 */
@Export
@Version("1.0.0")
package io.ccl.agents.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
