package io.meridian.server.cleaning.internal;

import java.util.Arrays;
import java.util.Optional;

/**
 * The operators a cleaning task may choose (001-A §3.3, plus de-duplication), each one engine operator named as
 * Data-Juicer names it. The form groups them as the spec does; the declaration order is the order they run in (HTML
 * first, so that the other scanners see text; links before e-mail and IP addresses), whatever order the form lists
 * them in. Only these names and the numeric options below ever reach the engine's configuration.
 */
enum CleaningOperator
{
    /** 删除无效字符: 删除HTML标签并返回所有节点的纯文本. */
    HTML("clean_html_mapper", Group.INVALID_CHARACTERS),
    /** 删除无效字符: 删除链接 (http, https, ftp…). */
    LINKS("clean_links_mapper", Group.INVALID_CHARACTERS),
    /** 删除敏感信息: 删除邮箱信息. */
    EMAIL("clean_email_mapper", Group.SENSITIVE_INFORMATION),
    /** 删除无效字符: 删除IP地址. */
    IP("clean_ip_mapper", Group.INVALID_CHARACTERS),
    /** 删除敏感信息: 删除身份证. */
    ID_CARD("clean_id_card_mapper", Group.SENSITIVE_INFORMATION),
    /** 删除敏感信息: 删除手机号. */
    PHONE("clean_phone_mapper", Group.SENSITIVE_INFORMATION),
    /** 删除无效字符: 删除代码文件开头的版权声明. */
    COPYRIGHT("clean_copyright_mapper", Group.INVALID_CHARACTERS),
    /** 删除无效字符: 删除 TeX 文档的参考文献. */
    BIBLIOGRAPHY("remove_bibliography_mapper", Group.INVALID_CHARACTERS),
    /** 删除无效字符: 删除 TeX 文档中的注释. */
    TEX_COMMENTS("remove_comments_mapper", Group.INVALID_CHARACTERS),
    /** 长度过滤: {@code minLength}, {@code maxLength}. */
    LENGTH("text_length_filter", Group.LENGTH_FILTER),
    /** 去重: exact duplicates of the processed fields. */
    EXACT_DEDUP("document_deduplicator", Group.DEDUPLICATION),
    /** 去重: near duplicates (MinHash LSH), {@code jaccardThreshold}. */
    NEAR_DEDUP("document_minhash_deduplicator", Group.DEDUPLICATION);

    /** The spec's operator types (算子类型). */
    enum Group
    {
        SENSITIVE_INFORMATION, INVALID_CHARACTERS, LENGTH_FILTER, DEDUPLICATION
    }

    private final String engineName;
    private final Group group;

    CleaningOperator(String engineName, Group group)
    {
        this.engineName = engineName;
        this.group = group;
    }

    String engineName()
    {
        return engineName;
    }

    Group group()
    {
        return group;
    }

    static Optional<CleaningOperator> byEngineName(String name)
    {
        return Arrays.stream(values()).filter(operator -> operator.engineName.equals(name)).findFirst();
    }
}
