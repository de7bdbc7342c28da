package io.meridian.server.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a mutating API handler whose calls are not recorded in the audit log: machine traffic that repeats every few
 * seconds (a node agent's heartbeat) and would bury what people did. What such a call changes is recorded where it shows
 * (a node's status and its reason).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NotAudited
{
    /** Why the calls are not audited. */
    String value();
}
