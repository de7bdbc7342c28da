package io.meridian.server.dataset.internal;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each text template's row format (001-B §2.2.2), as the import and the annotation editor check it. */
class RowRulesTest
{
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void instructionTuningNeedsAnInstructionAndAnOutputAndTakesAnEmptyInput()
    {
        assertThat(check(AnnotationTemplate.INSTRUCTION_TUNING, "{\"instruction\": \"翻译\", \"input\": \"\", \"output\": \"Hello\"}")).isEmpty();
        assertThat(check(AnnotationTemplate.INSTRUCTION_TUNING, "{\"instruction\": \"翻译\", \"output\": \"Hello\"}")).isEmpty();
        assertThat(check(AnnotationTemplate.INSTRUCTION_TUNING, "{\"instruction\": \" \", \"input\": 3}"))
                .containsExactly("instruction:dataset.row.blank", "input:dataset.row.string", "output:dataset.row.required");
        assertThat(check(AnnotationTemplate.INSTRUCTION_TUNING, "[1, 2]")).containsExactly("-:dataset.row.object");
    }

    @Test
    void multiTurnDialogueNamesTheMessageThatIsWrong()
    {
        assertThat(check(AnnotationTemplate.MULTI_TURN_DIALOGUE,
                "{\"messages\": [{\"role\": \"system\", \"content\": \"be brief\"}, {\"role\": \"user\", \"content\": \"你好\"}]}")).isEmpty();
        assertThat(check(AnnotationTemplate.MULTI_TURN_DIALOGUE, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"bot\"}]}"))
                .containsExactly("messages[1].role:dataset.row.one-of", "messages[1].content:dataset.row.required");
        assertThat(check(AnnotationTemplate.MULTI_TURN_DIALOGUE, "{\"messages\": []}")).containsExactly("messages:dataset.row.messages");
    }

    @Test
    void qaPairsNeedQAndA()
    {
        assertThat(check(AnnotationTemplate.QA_PAIRS, "{\"Q\": \"问\", \"A\": \"答\", \"SQ\": \"相似\", \"file\": \"f.txt\", \"text\": \"t\", \"match\": \"m\"}")).isEmpty();
        assertThat(check(AnnotationTemplate.QA_PAIRS, "{\"Q\": \"问\", \"SQ\": 1}")).containsExactly("A:dataset.row.required", "SQ:dataset.row.string");
    }

    @Test
    void responseRankingHasTwoToFourResponsesWithoutGaps()
    {
        assertThat(check(AnnotationTemplate.RESPONSE_RANKING, "{\"prompt\": \"p\", \"response_0\": \"a\", \"response_1\": \"b\", \"is_response_0_safe\": true,"
                + " \"is_response_1_safe\": false, \"better_response_id\": 1, \"safer_response_id\": 0}")).isEmpty();
        assertThat(check(AnnotationTemplate.RESPONSE_RANKING, "{\"prompt\": \"p\", \"response_0\": \"a\"}")).containsExactly("response_1:dataset.row.responses");
        assertThat(check(AnnotationTemplate.RESPONSE_RANKING, "{\"prompt\": \"p\", \"response_0\": \"a\", \"response_2\": \"c\"}"))
                .containsExactly("response_2:dataset.row.response-gap");
        assertThat(check(AnnotationTemplate.RESPONSE_RANKING, "{\"prompt\": \"p\", \"response_0\": \"a\", \"response_1\": \"b\", \"is_response_1_safe\": \"yes\","
                + " \"better_response_id\": 2}"))
                .containsExactly("is_response_1_safe:dataset.row.boolean", "better_response_id:dataset.row.response-id");
    }

    @Test
    void imageUnderstandingNeedsAnIdAndTurnsFromUserOrAssistant()
    {
        assertThat(check(AnnotationTemplate.IMAGE_UNDERSTANDING, "{\"id\": \"1\", \"conversations\": [{\"from\": \"user\", \"value\": "
                + "\"Picture 1: <img>images/a.jpg</img>\\n这是什么?\"}, {\"from\": \"assistant\", \"value\": \"猫\"}]}")).isEmpty();
        assertThat(check(AnnotationTemplate.IMAGE_UNDERSTANDING, "{\"conversations\": [{\"from\": \"system\", \"value\": \"x\"}]}"))
                .containsExactly("id:dataset.row.required", "conversations[0].from:dataset.row.one-of");
    }

    @Test
    void templatesAcceptTheSpecsFileTypes()
    {
        assertThat(AnnotationTemplate.VQA.accepts("images/a.JPG")).isTrue();
        assertThat(AnnotationTemplate.VQA.accepts("a.webp")).isFalse();
        assertThat(AnnotationTemplate.IMAGE_UNDERSTANDING.accepts("a.webp")).isTrue();
        assertThat(AnnotationTemplate.QA_PAIRS.accepts("qa.json")).isTrue();
        assertThat(AnnotationTemplate.INSTRUCTION_TUNING.accepts("data.json")).isFalse();
        assertThat(AnnotationTemplate.INSTRUCTION_TUNING.accepts("archive.zip")).isFalse();
    }

    private static List<String> check(AnnotationTemplate template, String row)
    {
        return RowRules.check(template, JSON.readTree(row)).stream().map(violation -> violation.field() + ":" + violation.rule()).toList();
    }
}
