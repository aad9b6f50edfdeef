package io.ccl.cli.assemble;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The features of a source tree: {@code features/<name>/pom.xml}. A feature lists its bundles as
 * dependencies (each with a {@code *:*} exclusion); a dependency on another {@code ccl-feature-*}
 * POM makes that feature a dependency. Versions come from the feature POM itself or from the
 * top POM's {@code dependencyManagement}, with its {@code <properties>} and
 * {@code ${project.version}} substituted — the only Maven model features use. Anything else (an
 * unmanaged dependency, an unknown property) is an error, never a guess.
 */
public final class FeatureCatalog {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
    private static final String FEATURE_PREFIX = "ccl-feature-";

    /** A Maven artifact a feature names. */
    public record Artifact(String groupId, String artifactId, String version) {
        @Override
        public String toString() {
            return groupId + ":" + artifactId + ":" + version;
        }
    }

    /** One feature: its bundles and the features it needs. */
    public record Feature(String name, List<Artifact> bundles, List<String> requires) {
    }

    private final Map<String, Feature> features;
    private final Map<String, String> managed;

    private FeatureCatalog(Map<String, Feature> features, Map<String, String> managed) {
        this.features = features;
        this.managed = managed;
    }

    /** Reads {@code root/pom.xml} and every {@code root/features/*\/pom.xml}. */
    public static FeatureCatalog read(Path root) throws AssemblyException {
        try {
            Document top = parse(root.resolve("pom.xml"));
            Map<String, String> props = properties(top.getDocumentElement());
            Map<String, String> managed = new HashMap<>();
            Element dm = child(top.getDocumentElement(), "dependencyManagement");
            if (dm != null) {
                for (Element d : children(child(dm, "dependencies"), "dependency")) {
                    String v = text(d, "version");
                    if (v != null) {
                        managed.put(text(d, "groupId") + ":" + text(d, "artifactId"), interpolate(v, props));
                    }
                }
            }
            Map<String, Feature> found = new TreeMap<>();
            try (Stream<Path> dirs = Files.list(root.resolve("features"))) {
                for (Path dir : dirs.sorted().toList()) {
                    Path pom = dir.resolve("pom.xml");
                    if (Files.isRegularFile(pom)) {
                        Feature f = feature(dir.getFileName().toString(), parse(pom), props, managed);
                        found.put(f.name(), f);
                    }
                }
            }
            return new FeatureCatalog(found, Map.copyOf(managed));
        } catch (IOException | SAXException | ParserConfigurationException e) {
            throw new AssemblyException("cannot read the feature POMs under " + root + ": " + e.getMessage());
        }
    }

    /** The artifact at the version the top POM's dependencyManagement gives it. */
    public Artifact managed(String groupId, String artifactId) throws AssemblyException {
        String v = managed.get(groupId + ":" + artifactId);
        if (v == null) {
            throw new AssemblyException(groupId + ":" + artifactId + " is not in the top POM's dependencyManagement");
        }
        return new Artifact(groupId, artifactId, v);
    }

    /** Names of every feature, sorted. */
    public Set<String> names() {
        return features.keySet();
    }

    /**
     * The named features and, transitively, the features they require, in a stable order (the
     * order asked for, each preceded by what it requires).
     */
    public List<Feature> closure(List<String> names) throws AssemblyException {
        Set<String> seen = new LinkedHashSet<>();
        for (String n : names) {
            visit(n, seen, new LinkedHashSet<>());
        }
        List<Feature> out = new ArrayList<>();
        for (String n : seen) {
            out.add(features.get(n));
        }
        return out;
    }

    private void visit(String name, Set<String> seen, Set<String> path) throws AssemblyException {
        Feature f = features.get(name);
        if (f == null) {
            throw new AssemblyException("feature '" + name + "' does not exist");
        }
        if (!path.add(name)) {
            throw new AssemblyException("features require each other in a cycle: " + path);
        }
        for (String r : f.requires()) {
            visit(r, seen, path);
        }
        path.remove(name);
        seen.add(name);
    }

    private static Feature feature(String name, Document pom, Map<String, String> props, Map<String, String> managed)
            throws AssemblyException {
        Element project = pom.getDocumentElement();
        String artifactId = text(project, "artifactId");
        if (!(FEATURE_PREFIX + name).equals(artifactId)) {
            throw new AssemblyException("features/" + name + "/pom.xml has artifactId " + artifactId + ", expected "
                    + FEATURE_PREFIX + name);
        }
        List<Artifact> bundles = new ArrayList<>();
        List<String> requires = new ArrayList<>();
        for (Element d : children(child(project, "dependencies"), "dependency")) {
            String g = text(d, "groupId");
            String a = text(d, "artifactId");
            if (a != null && a.startsWith(FEATURE_PREFIX)) {
                requires.add(a.substring(FEATURE_PREFIX.length()));
                continue;
            }
            String v = text(d, "version");
            String version = v != null ? interpolate(v, props) : managed.get(g + ":" + a);
            if (version == null) {
                throw new AssemblyException("feature " + name + ": no version for " + g + ":" + a
                        + " (neither in the feature POM nor in the top POM's dependencyManagement)");
            }
            bundles.add(new Artifact(g, a, version));
        }
        return new Feature(name, List.copyOf(bundles), List.copyOf(requires));
    }

    private static Map<String, String> properties(Element project) {
        Map<String, String> props = new HashMap<>();
        props.put("project.version", text(project, "version"));
        Element p = child(project, "properties");
        if (p != null) {
            for (Element e : children(p, null)) {
                props.put(e.getTagName(), e.getTextContent().trim());
            }
        }
        return props;
    }

    private static String interpolate(String value, Map<String, String> props) throws AssemblyException {
        Matcher m = PROPERTY.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = props.get(m.group(1));
            if (v == null) {
                throw new AssemblyException("unknown property ${" + m.group(1) + "} in a version");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static Document parse(Path file) throws IOException, SAXException, ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    private static Element child(Element parent, String tag) {
        List<Element> c = children(parent, tag);
        return c.isEmpty() ? null : c.get(0);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (tag == null || tag.equals(e.getTagName()))) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String tag) {
        Element e = child(parent, tag);
        return e == null ? null : e.getTextContent().trim();
    }
}
