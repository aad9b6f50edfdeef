package io.ccl.shell;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code ccl:features}: the features the assembly was built with knowledge of (framework property
 * {@code ccl.features.file}, default {@code conf/features.properties} under the runtime home), each
 * {@code installed}, {@code partial} or {@code available}, judged from the bundles present now.
 */
@Component(service = FeaturesCommand.class, property = {"osgi.command.scope=ccl", "osgi.command.function=features"})
public final class FeaturesCommand {
    static final String FILE_PROPERTY = "ccl.features.file";
    private final BundleContext context;

    @Activate
    public FeaturesCommand(BundleContext context) {
        this.context = context;
    }

    public String features() {
        Path file = Path.of(Optional.ofNullable(context.getProperty(FILE_PROPERTY)).orElse("conf/features.properties"));
        FeatureCatalog catalog;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            catalog = FeatureCatalog.read(in);
        } catch (NoSuchFileException e) {
            return "error: no feature list at " + file + " (written by the runtime assembly)";
        } catch (IOException | IllegalArgumentException e) {
            return "error: feature list " + file + " unreadable: " + e.getClass().getSimpleName();
        }
        List<FeatureCatalog.Present> present = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            present.add(new FeatureCatalog.Present(b.getSymbolicName(), b.getLocation(),
                    b.getState() == Bundle.ACTIVE || fragment && b.getState() == Bundle.RESOLVED));
        }
        return render(catalog.judge(present));
    }

    static String render(List<FeatureCatalog.Feature> features) {
        Table t = new Table("FEATURE", "STATE", "BUNDLES", "MISSING");
        for (FeatureCatalog.Feature f : features) {
            t.row(f.name(), f.state().name().toLowerCase(), f.present() + "/" + f.total(),
                    f.missing().isEmpty() ? "-" : String.join(", ", f.missing()));
        }
        return t.toString();
    }
}
