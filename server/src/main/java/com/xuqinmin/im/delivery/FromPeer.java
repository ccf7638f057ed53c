package com.xuqinmin.im.delivery;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks an {@link ImEvent} that another node published and {@link ClusterBus} fired here. Observers
 * that do not name a qualifier get both kinds; the bus itself observes {@code @Default} events only
 * (those fired on this node), so nothing is sent back where it came from.
 */
@Qualifier
@Retention(RUNTIME)
@Target({TYPE, METHOD, FIELD, PARAMETER})
public @interface FromPeer {

    /** The qualifier as a value, to fire an event with it. */
    final class Literal extends AnnotationLiteral<FromPeer> implements FromPeer {
        public static final Literal INSTANCE = new Literal();
        private static final long serialVersionUID = 1L;
    }
}
