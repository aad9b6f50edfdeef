package io.ccl.tee.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type that publishes a backend's technology as the service property
 * {@value #PROPERTY}, for example {@code @TeeType("sevsnp")}. Attesters and evidence verifiers of
 * one technology use the same spelling as the backend's folder, package, feature and PID.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface TeeType {
    /** Prefix that turns the annotation name {@code TeeType} into {@code ccl.tee.type}. */
    String PREFIX_ = "ccl.";

    /** The service property carrying the technology name. */
    String PROPERTY = "ccl.tee.type";

    /** The technology name, e.g. {@code sevsnp}, {@code tdx}, {@code simulation}. */
    String value();
}
