package io.meridian.server.dataset.internal;

/** The two tabs of 我的数据集. */
enum DatasetKind
{
    /** 基础数据集: files kept as they are, mounted into work. */
    BASIC,
    /** 标注数据集: files with a template, validated on import, annotated online, published for training. */
    ANNOTATED
}
