package io.meridian.server.platform.web;

import io.meridian.server.platform.api.SafeText;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Holds every string of every JSON body to {@link SafeText}, so that the rule needs no call in each feature and no
 * field is forgotten; the refusal names the field by its JSON path.
 */
final class SafeTextModule
        extends SimpleModule
{
    SafeTextModule()
    {
        super("meridian-safe-text");
        addDeserializer(String.class, new SafeStringDeserializer());
    }

    private static final class SafeStringDeserializer
            extends StringDeserializer
    {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context)
        {
            String value = super.deserialize(parser, context);
            SafeText.firstUnsafe(value).ifPresent(unsafe -> {
                throw new SafeText.UnsafeTextException(parser, unsafe);
            });
            return value;
        }
    }
}
