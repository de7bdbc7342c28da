package io.meridian.server.platform.api;

import java.util.regex.Pattern;

/**
 * The name rules written in the product spec, each with the message key that states it to the user.
 * "Visible characters" in the spec means no whitespace or control characters.
 */
public enum NameRule
{
    /**
     * Workspace: letters, digits, Chinese, underscore; at most 25 (001-B §4.5.1). The spec's "需字母开头" is read as "starts
     * with a letter or a Chinese character, not a digit or underscore": it allows Chinese names, and a rule that refused
     * 「训练空间」 would contradict it (issue 11; docs/features/iam-and-workspaces.md).
     */
    WORKSPACE(1, 25, "^[A-Za-z\\p{IsHan}][A-Za-z0-9_\\p{IsHan}]*$", "validation.name.workspace"),
    /** Queue and resource quota: 1–200 of letters, Chinese, digits, hyphen, underscore (001-B §4.2, §4.4). */
    QUEUE(1, 200, "^[A-Za-z0-9_\\-\\p{IsHan}]+$", "validation.name.queue"),
    /** Resource group (cluster) and node: Chinese/English letters, digits, underscore; 1–20; not starting with underscore (002 §4.2.1). */
    CLUSTER(1, 20, "^[A-Za-z0-9\\p{IsHan}][A-Za-z0-9_\\p{IsHan}]*$", "validation.name.cluster"),
    /** Node names are host names: letters, digits, hyphen, dot; 1–63. */
    NODE(1, 63, "^[A-Za-z0-9][A-Za-z0-9.\\-]*$", "validation.name.node"),
    /** Login names: letters, digits, underscore, hyphen, dot; starts with a letter; 2–64. */
    USERNAME(2, 64, "^[A-Za-z][A-Za-z0-9_.\\-]*$", "validation.name.username"),
    /** User groups: letters, Chinese, digits, hyphen, underscore; 1–64. */
    USER_GROUP(1, 64, "^[A-Za-z0-9_\\-\\p{IsHan}]+$", "validation.name.user-group"),
    /** Regions and zones: lowercase letters, digits, hyphen; 1–32 (they appear in ids and URLs). */
    REGION(1, 32, "^[a-z0-9][a-z0-9\\-]*$", "validation.name.region"),
    /** Tenants: letters, Chinese, digits, hyphen, underscore; 1–64. */
    TENANT(1, 64, "^[A-Za-z0-9_\\-\\p{IsHan}]+$", "validation.name.tenant"),
    /** Data-cleaning tasks: Chinese, letters, digits, underscore, hyphen; starts with Chinese, a letter or a digit; 1–50 (001-A §3.3). */
    CLEANING_TASK(1, 50, "^[A-Za-z0-9\\p{IsHan}][A-Za-z0-9_\\-\\p{IsHan}]*$", "validation.name.cleaning-task");

    private final int minLength;
    private final int maxLength;
    private final Pattern pattern;
    private final String messageKey;

    NameRule(int minLength, int maxLength, String regex, String messageKey)
    {
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.pattern = Pattern.compile(regex);
        this.messageKey = messageKey;
    }

    public int minLength()
    {
        return minLength;
    }

    public int maxLength()
    {
        return maxLength;
    }

    public Pattern pattern()
    {
        return pattern;
    }

    public String messageKey()
    {
        return messageKey;
    }

    public boolean required()
    {
        return minLength > 0;
    }
}
