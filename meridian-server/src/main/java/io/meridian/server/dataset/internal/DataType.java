package io.meridian.server.dataset.internal;

/** 数据类型 of an annotated dataset. */
enum DataType
{
    /** 图片. */
    IMAGE,
    /** 大语言. */
    LLM_TEXT,
    /** 跨模态. */
    CROSS_MODAL
}
