package io.meridian.server.dataset.internal;

import java.util.Locale;
import java.util.Set;

/**
 * 标注模版 of 001-B §2.2.2, with the data type it belongs to and the files an import may bring. Text templates keep
 * rows (jsonl, json for Q&A pairs, xlsx for instruction tuning), validated field by field on import; image templates
 * keep images. xls (the binary format) and xlsx for Q&A pairs, which the spec also names, are not read yet
 * (docs/features/datasets.md).
 */
enum AnnotationTemplate
{
    /** 单图多标签. */
    IMAGE_MULTI_LABEL(DataType.IMAGE, Set.of(), true),
    /** 图文匹配. */
    IMAGE_TEXT_MATCH(DataType.IMAGE, Set.of(), true),
    /** 视觉问答. */
    VQA(DataType.IMAGE, Set.of(), true),
    /** 多轮对话: {@code messages: [{role, content}]}; no online annotation. */
    MULTI_TURN_DIALOGUE(DataType.LLM_TEXT, Set.of("jsonl"), false),
    /** 指令微调: {@code instruction}, {@code input}, {@code output}. */
    INSTRUCTION_TUNING(DataType.LLM_TEXT, Set.of("jsonl", "xlsx"), false),
    /** Q&A对: {@code Q}, {@code A}, and optionally {@code SQ}, {@code file}, {@code text}, {@code match}. */
    QA_PAIRS(DataType.LLM_TEXT, Set.of("jsonl", "json"), false),
    /** 语句回复排序: {@code prompt}, 2–4 {@code response_<i>} with {@code is_response_<i>_safe}. */
    RESPONSE_RANKING(DataType.LLM_TEXT, Set.of("jsonl"), false),
    /** 图像理解: jsonl of {@code id} and {@code conversations}, with the images it references. */
    IMAGE_UNDERSTANDING(DataType.CROSS_MODAL, Set.of("jsonl"), true);

    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");
    static final Set<String> UNDERSTANDING_IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp");

    private final DataType dataType;
    private final Set<String> rowExtensions;
    private final boolean images;

    AnnotationTemplate(DataType dataType, Set<String> rowExtensions, boolean images)
    {
        this.dataType = dataType;
        this.rowExtensions = rowExtensions;
        this.images = images;
    }

    DataType dataType()
    {
        return dataType;
    }

    /** Whether the dataset has rows (and so preview, annotation and jsonl export). */
    boolean hasRows()
    {
        return !rowExtensions.isEmpty();
    }

    boolean isRowFile(String name)
    {
        return rowExtensions.contains(extension(name));
    }

    /** Whether an import may bring this file at all. */
    boolean accepts(String name)
    {
        String extension = extension(name);
        if (rowExtensions.contains(extension)) {
            return true;
        }
        if (!images) {
            return false;
        }
        return (this == IMAGE_UNDERSTANDING ? UNDERSTANDING_IMAGE_EXTENSIONS : IMAGE_EXTENSIONS).contains(extension);
    }

    /** The extensions an import may bring, for the error that names them. */
    String acceptedExtensions()
    {
        StringBuilder out = new StringBuilder();
        rowExtensions.stream().sorted().forEach(extension -> out.append(out.isEmpty() ? "" : ", ").append(extension));
        if (images) {
            (this == IMAGE_UNDERSTANDING ? UNDERSTANDING_IMAGE_EXTENSIONS : IMAGE_EXTENSIONS).stream().sorted()
                    .forEach(extension -> out.append(out.isEmpty() ? "" : ", ").append(extension));
        }
        return out.toString();
    }

    /** Whether items take one label each (指令微调, Q&A对). */
    boolean takesLabel()
    {
        return this == INSTRUCTION_TUNING || this == QA_PAIRS;
    }

    static String extension(String name)
    {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot > slash ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
