package io.ccl.agents.engine.jobs;

/**
 * What a network isolation breach does beyond refusing the request and counting it. Every action
 * ends all active sessions (see the README); the stronger ones also act on the runtime.
 */
public enum BreachAction {
    /** End all active sessions: every queued and running job of every type fails. */
    END_SESSIONS,
    /** As END_SESSIONS, then re-attest: a fresh KBS session, secrets provisioned again. */
    REATTEST,
    /** As END_SESSIONS, then LOCKDOWN: secrets dropped, data refused until an operator recovers. */
    LOCKDOWN
}
