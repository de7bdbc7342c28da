package io.meridian.server.dataset.internal;

/**
 * 001-B §8.1: basic datasets 创建中 → 创建成功 | 创建失败; import-type datasets 导入中 → 导入成功 | 导入失败. Every status but
 * {@link #IMPORTING} is terminal, and only a dataset in a terminal status may be deleted.
 */
enum DatasetStatus
{
    /** 创建成功: created, nothing imported yet. */
    CREATED,
    /** 导入中. */
    IMPORTING,
    /** 导入成功. */
    IMPORT_SUCCEEDED,
    /** 导入失败: the last import failed; what an earlier import brought is kept. */
    IMPORT_FAILED;

    boolean isTerminal()
    {
        return this != IMPORTING;
    }
}
