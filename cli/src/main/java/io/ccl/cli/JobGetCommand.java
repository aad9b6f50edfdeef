package io.ccl.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code ccl job get --url URL --id ID [--key FILE]}: prints a job's view and, with the requester
 * key written by {@code job submit --key-out}, opens its result and checks it against the
 * {@code result_sha256} the runtime reports. Exit code 0 when the job is queued, running, or
 * completed (and, with {@code --key}, its result opened and matched); 1 when it failed, is
 * unknown, or its result does not open or match.
 */
final class JobGetCommand {
    static final Set<String> VALUED = Set.of("url", "id", "key");

    private final Options options;
    private final HttpFetcher http;

    JobGetCommand(Options options, HttpFetcher http) {
        this.options = options;
        this.http = http;
    }

    int run(PrintStream out) throws UsageException {
        String base = TrustRoot.baseUrl(options.required("url"), "url");
        String id = options.required("id");
        if (!JobView.ID.matcher(id).matches()) {
            throw new UsageException("--id must be a job id (base64url characters)");
        }
        String keyFile = options.optional("key");
        RequesterKey key = keyFile == null ? null : RequesterKey.read(Path.of(keyFile));
        JobReport report = new JobReport().with("job", id).with("url", base);
        JobView view;
        try {
            view = JobView.parse(http.get(TrustRoot.endpoint(base, "/api/v1/jobs/" + id), JobSubmitCommand.MAX_VIEW), id);
        } catch (HttpFetcher.FetchException e) {
            return report.failed(e).print(out);
        } catch (JobView.MalformedView e) {
            return report.failed("MALFORMED", e.getMessage()).print(out);
        }
        view.reportTo(report, key, null);
        return report.with("view", view.json()).print(out);
    }
}
