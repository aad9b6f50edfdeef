package io.ccl.keys.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccl.keys.admin.auth.AdminPrincipal;
import io.ccl.keys.admin.auth.Credentials;
import io.ccl.keys.admin.auth.Role;
import io.ccl.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS configuration path: token file, bad entries, fail-closed defaults, and what reaches the log. */
class AdminAccessComponentTest {
    @TempDir
    Path dir;

    /** A {@link AdminAccessComponent.Config} with some members set; the rest keep their defaults. */
    static AdminAccessComponent.Config config(Map<String, Object> values) {
        return (AdminAccessComponent.Config) Proxy.newProxyInstance(AdminAccessComponentTest.class.getClassLoader(),
                new Class<?>[] {AdminAccessComponent.Config.class}, (proxy, method, args) -> values.containsKey(
                        method.getName()) ? values.get(method.getName()) : method.getDefaultValue());
    }

    /** Runs {@code action} and returns what it logged (slf4j-simple writes to System.err). */
    private static <T> String logged(Callable<T> action, Object[] result) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            result[0] = action.call();
        } finally {
            System.setErr(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static HttpServletRequest request(String authorization) {
        return (HttpServletRequest) Proxy.newProxyInstance(AdminAccessComponentTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> "Authorization".equals(args[0]) ? authorization : null;
                    case "getMethod" -> "GET";
                    case "getRequestURI" -> "/api/v1/keys";
                    case "getRemoteAddr" -> "127.0.0.1";
                    default -> null;
                });
    }

    private static HttpServletResponse response(Map<String, String> headers) {
        return (HttpServletResponse) Proxy.newProxyInstance(AdminAccessComponentTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setHeader")) {
                        headers.put((String) args[0], (String) args[1]);
                    }
                    return null;
                });
    }

    private static AdminPrincipal authenticate(AdminAccess access, String token) throws ProblemException {
        return access.authenticate(request("Bearer " + token), response(new HashMap<>()));
    }

    @Test
    void generatesTheDevTokenFileLogsOnlyItsPathAndAcceptsTheToken() throws Exception {
        Path file = dir.resolve("dev/admin.token");
        Object[] made = new Object[1];
        String log = logged(() -> new AdminAccessComponent(config(Map.of("token_file", file.toString()))), made);
        String token = Files.readString(file).strip();
        assertTrue(log.contains(file.toString()), log);
        assertFalse(log.contains(token), "the token must never be logged: " + log);
        assertFalse(log.contains(Credentials.tokenHashHex(token)), log);

        AdminAccess access = (AdminAccess) made[0];
        assertEquals(new AdminPrincipal("token:" + AdminAccessComponent.TOKEN_FILE_PRINCIPAL, Role.OPERATOR),
                authenticate(access, token));
        assertEquals(2 << 20, access.maxBodyBytes());

        // A restart reads the same file: the token keeps working and is not regenerated.
        AdminAccess restarted = new AdminAccessComponent(config(Map.of("token_file", file.toString())));
        assertEquals(Role.OPERATOR, authenticate(restarted, token).role());
        assertEquals(token, Files.readString(file).strip());
    }

    @Test
    void configuredAndFileTokensWorkTogether() throws Exception {
        String alice = AdminServer.randomToken();
        Path file = dir.resolve("admin.token");
        AdminAccess access = new AdminAccessComponent(config(Map.of("token_file", file.toString(),
                "tokens", new String[] {"alice:reader:sha256:" + Credentials.tokenHashHex(alice)})));
        assertEquals(new AdminPrincipal("token:alice", Role.READER), authenticate(access, alice));
        assertEquals(Role.OPERATOR, authenticate(access, Files.readString(file).strip()).role());
    }

    @Test
    void failsClosedWithoutCredentialsAndSaysSoOnce() throws Exception {
        Object[] made = new Object[1];
        String log = logged(() -> new AdminAccessComponent(config(Map.of())), made);
        assertTrue(log.contains("WARN") && log.contains("no admin credentials are configured"), log);
        Map<String, String> headers = new HashMap<>();
        ProblemException e = assertThrows(ProblemException.class, () -> ((AdminAccess) made[0]).authenticate(
                request("Bearer " + AdminServer.randomToken()), response(headers)));
        assertEquals(401, e.problem().status());
        assertTrue(headers.get("WWW-Authenticate").startsWith("Bearer"), headers.toString());
        String later = logged(() -> {
            assertThrows(ProblemException.class, () -> authenticate((AdminAccess) made[0], "x".repeat(43)));
            return null;
        }, new Object[1]);
        assertFalse(later.contains("no admin credentials"), later);
    }

    @Test
    void misPastedClearTokensAreIgnoredAndNeverLogged() throws Exception {
        String clear = AdminServer.randomToken();
        Object[] made = new Object[1];
        String log = logged(() -> new AdminAccessComponent(config(Map.of("tokens", new String[] {"alice:operator:" + clear},
                "client_cert_fingerprints", new String[] {"operator:" + clear}))), made);
        assertTrue(log.contains("tokens[0] ignored"), log);
        assertTrue(log.contains("client.cert.fingerprints[0] ignored"), log);
        assertFalse(log.contains(clear), log);
        assertThrows(ProblemException.class, () -> authenticate((AdminAccess) made[0], clear));
    }

    @Test
    void anUnusableTokenFileGrantsNothingButKeepsOtherCredentials() throws Exception {
        Path file = dir.resolve("admin.token");
        Files.writeString(file, "too-short");
        String bob = AdminServer.randomToken();
        Object[] made = new Object[1];
        String log = logged(() -> new AdminAccessComponent(config(Map.of("token_file", file.toString(),
                "tokens", new String[] {"bob:operator:sha256:" + Credentials.tokenHashHex(bob)}))), made);
        assertTrue(log.contains("is not used"), log);
        assertFalse(log.contains("too-short"), log);
        AdminAccess access = (AdminAccess) made[0];
        assertThrows(ProblemException.class, () -> authenticate(access, "too-short"));
        assertEquals("token:bob", authenticate(access, bob).principal());
    }

    @Test
    void refusesATinyBodyLimit() {
        assertThrows(IllegalArgumentException.class, () -> new AdminAccessComponent(config(Map.of("max_body_bytes", 10))));
    }
}
