/**
 * Call analysis for the voice agents SARA, MARCO and FRANCO: everything that runs on a recorded call
 * inside the attested runtime, in pure Java and without network access.
 *
 * <ul>
 * <li>{@link io.ccl.agents.voice.analysis.CallAnalyzer} reads a WAV PCM recording (anything else is
 * an {@link io.ccl.agents.voice.analysis.AudioFormatException} with a typed reason), computes the
 * {@link io.ccl.agents.voice.analysis.AudioAnalytics}, optionally asks a
 * {@link io.ccl.agents.voice.analysis.SpeechAnalyticsProvider} for a transcript and sentiment, masks
 * personal data and returns a {@link io.ccl.agents.voice.analysis.CallAnalysis}: the full result
 * (for the requester only) and its {@link io.ccl.agents.voice.analysis.SafeView} (may be logged).</li>
 * <li>{@link io.ccl.agents.voice.analysis.PiiMasker} masks phone numbers (keyed hashes), e-mail
 * addresses, IBANs, payment cards, Italian codici fiscali, given names and other long numbers.</li>
 * <li>{@link io.ccl.agents.voice.analysis.OfflineSpeechAnalyticsProvider} is a provider for
 * development that needs no network and does <em>not</em> transcribe.</li>
 * </ul>
 *
 * <p>All result types are immutable records that Jackson serialises with snake_case names.
 */
@Export
@Version("1.0.0")
package io.ccl.agents.voice.analysis;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
