package io.meridian.cleaning.bench;

import io.meridian.cleaning.io.Json;
import io.meridian.cleaning.operator.ResidentIds;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a deterministic instruction-tuning jsonl file for the cleaning benchmark: {@code GenerateDataset OUTPUT
 * SIZE_MB [SEED]} (seed 42 by default). Rows mix Chinese (about 60%) and English text, with an empty {@code input}
 * in about half of them, and planted e-mail addresses, valid and invalid resident identity numbers, mobile numbers,
 * HTML, links, IPv4 and IPv6 addresses, copyright headers, TeX, exact duplicates (5% of rows) and near duplicates (3%:
 * one word changed).
 */
public final class GenerateDataset
{
    private static final String[] ZH = ("我们 今天 天气 数据 模型 训练 问题 回答 需要 可以 一个 这个 因为 所以 但是 如果 非常 公司 用户 系统 服务 "
            + "平台 算力 集群 任务 学习 方法 结果 分析 处理 文本 清洗 重要 提供 支持 使用 进行 通过 实现 已经 开始 工作 时间 地方 城市 中国 北京 上海 "
            + "经济 发展 技术 研究 教育 学生 老师 医院 医生 健康 生活 文化 历史 音乐 电影 朋友 家庭 孩子 父母 旅游 美食 运动 比赛 新闻 报告 政策 市场").split(" ");
    private static final String[] EN = ("the a of to and in is for on with that this model data training question answer user system service "
            + "platform compute cluster task learning method result analysis process text cleaning important provide support use through "
            + "implement already start work time place city economy development technology research education student teacher hospital "
            + "health life culture history music movie friend family child travel food sport game news report policy market quickly").split(" ");
    private static final String[] DOMAINS = {"example.com", "163.com", "qq.com", "mail.example.org", "company.cn"};

    private GenerateDataset() {}

    public static void main(String[] args)
            throws IOException
    {
        if (args.length < 2) {
            System.err.println("usage: GenerateDataset OUTPUT SIZE_MB [SEED]");
            System.exit(2);
        }
        Path output = Path.of(args[0]);
        long target = Long.parseLong(args[1]) * 1_000_000L;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        SplittableRandom random = new SplittableRandom(seed);
        List<String> recent = new ArrayList<>();
        long written = 0;
        long rows = 0;
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(output), StandardCharsets.UTF_8), 1 << 20)) {
            while (written < target) {
                String line;
                double dice = random.nextDouble();
                if (dice < 0.05 && !recent.isEmpty()) {
                    line = recent.get(random.nextInt(recent.size()));
                }
                else if (dice < 0.08 && !recent.isEmpty()) {
                    line = nearDuplicate(recent.get(random.nextInt(recent.size())), random);
                }
                else {
                    line = row(random, rows);
                    if (recent.size() < 1000) {
                        recent.add(line);
                    }
                    else {
                        recent.set(random.nextInt(recent.size()), line);
                    }
                }
                out.write(line);
                out.write('\n');
                written += line.getBytes(StandardCharsets.UTF_8).length + 1;
                rows++;
            }
        }
        System.out.println("wrote " + rows + " rows, " + written + " bytes to " + output + " (seed " + seed + ")");
    }

    private static String nearDuplicate(String line, SplittableRandom random)
    {
        // change one word of the output: a near duplicate with Jaccard similarity well above 0.7
        // insert before a sentence end, never inside an escape sequence
        int at = line.indexOf("\"output\":\"");
        int from = at + 10 + random.nextInt(Math.max(1, line.length() - at - 20));
        int position = line.indexOf('。', from);
        if (position < 0) {
            position = line.indexOf(". ", from);
        }
        if (position < 0) {
            position = at + 10;
        }
        return line.substring(0, position) + (random.nextBoolean() ? ZH[random.nextInt(ZH.length)] : " " + EN[random.nextInt(EN.length)] + " ") + line.substring(position);
    }

    private static String row(SplittableRandom random, long id)
    {
        boolean chinese = random.nextDouble() < 0.6;
        String instruction = sentence(random, chinese, 1 + random.nextInt(2));
        String input = random.nextBoolean() ? "" : paragraph(random, chinese, 1 + random.nextInt(3));
        String output = paragraph(random, chinese, 2 + random.nextInt(8));
        StringBuilder line = new StringBuilder("{\"id\":").append(id).append(",\"instruction\":");
        Json.appendString(line, instruction);
        line.append(",\"input\":");
        Json.appendString(line, input);
        line.append(",\"output\":");
        Json.appendString(line, output);
        return line.append(",\"source\":\"bench\"}").toString();
    }

    private static String paragraph(SplittableRandom random, boolean chinese, int sentences)
    {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            text.append(sentence(random, chinese, 1));
            if (!chinese) {
                text.append(' ');
            }
            if (random.nextDouble() < 0.04) {
                text.append(plant(random, chinese));
            }
        }
        if (random.nextDouble() < 0.05) {
            text.insert(0, random.nextBoolean() ? "/* Copyright (c) 2024 Example Corp. All rights reserved. */\n" : "// Copyright 2023 某公司\n");
        }
        if (random.nextDouble() < 0.03) {
            text.append("\n% TeX comment line\n\\section{Intro} text % inline note\n\\bibliography{refs}\n\\bibitem{a} A. Author");
        }
        if (random.nextDouble() < 0.08) {
            return "<div class=\"content\"><p>" + text + "</p><ul><li>" + sentence(random, chinese, 1) + "</li><li>&amp; more &lt;b&gt;</li></ul></div>";
        }
        return text.toString();
    }

    private static String plant(SplittableRandom random, boolean chinese)
    {
        String lead = chinese ? "请联系" : " contact ";
        return switch (random.nextInt(6)) {
            case 0 -> lead + "user" + random.nextInt(100000) + "@" + DOMAINS[random.nextInt(DOMAINS.length)] + (chinese ? "，" : ", ");
            case 1 -> (chinese ? "身份证号" : " id ") + residentId(random, random.nextDouble() < 0.8) + (chinese ? "。" : ". ");
            case 2 -> (chinese ? "手机" : " phone ") + "1" + (3 + random.nextInt(7)) + digits(random, 9) + (chinese ? "，" : ", ");
            case 3 -> (chinese ? "访问 " : " see ") + "https://www." + EN[random.nextInt(EN.length)] + ".com/path/" + random.nextInt(1000) + "?q=" + random.nextInt(100) + " ";
            case 4 -> (chinese ? "服务器 " : " server ") + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + " ";
            default -> (chinese ? "地址 " : " address ") + "2001:db8:" + Integer.toHexString(random.nextInt(65536)) + ":0:0:0:0:" + Integer.toHexString(1 + random.nextInt(65535)) + " ";
        };
    }

    private static String residentId(SplittableRandom random, boolean valid)
    {
        String body = (110000 + random.nextInt(500000)) + String.format("%04d%02d%02d", 1950 + random.nextInt(60), 1 + random.nextInt(12), 1 + random.nextInt(28))
                + digits(random, 3);
        char check = ResidentIds.checkCharacter(body, 0);
        if (!valid) {
            check = check == '0' ? '1' : '0';
        }
        return body + check;
    }

    private static String digits(SplittableRandom random, int count)
    {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    private static String sentence(SplittableRandom random, boolean chinese, int clauses)
    {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < clauses; c++) {
            int words = 6 + random.nextInt(14);
            for (int w = 0; w < words; w++) {
                if (chinese) {
                    text.append(ZH[random.nextInt(ZH.length)]);
                }
                else {
                    if (w > 0) {
                        text.append(' ');
                    }
                    text.append(EN[random.nextInt(EN.length)]);
                }
            }
            text.append(chinese ? (c + 1 < clauses ? "，" : "。") : (c + 1 < clauses ? ", " : "."));
        }
        return text.toString();
    }
}
