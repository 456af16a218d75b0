<?php

declare(strict_types=1);

namespace Ydrz\Tests;

/**
 * PHP serves concurrent requests from separate processes (PHP-FPM workers): many processes validating at
 * once against one platform each get their own answer, and a token validated by several at once is
 * accepted once.
 */
final class ConcurrencyTest extends SandboxTestCase
{
    private const WORKERS = 6;
    private const ROUNDS = 4;

    private static function phoneOf(int $i): string
    {
        return sprintf('1380013%04d', $i);
    }

    /**
     * Runs WORKERS php processes at once; worker $w validates the tokens $tokens[$w] in turn and prints one
     * JSON line per token: the phone, or the status name and platform code of the failure.
     *
     * @param list<list<array{token: string, userInformation: string}>> $tokens
     * @return list<list<array<string, mixed>>>
     */
    private static function runWorkers(array $tokens): array
    {
        $script = <<<'PHP'
            require getenv('YDRZ_AUTOLOAD');
            $client = new Ydrz\Client(json_decode(getenv('YDRZ_CONFIG'), true));
            foreach (json_decode(getenv('YDRZ_TOKENS'), true) as $t) {
                try {
                    $r = $client->onekeyValidate($t['token'], $t['userInformation']);
                    echo json_encode(['phone' => $r['phone']]), "\n";
                } catch (Ydrz\YdrzException $e) {
                    echo json_encode(['status' => $e->getStatusName(), 'code' => $e->getPlatformCode()]), "\n";
                }
            }
            PHP;
        $processes = [];
        foreach ($tokens as $w => $list) {
            $env = getenv() + [
                'YDRZ_AUTOLOAD' => dirname(__DIR__) . '/autoload.php',
                'YDRZ_CONFIG' => json_encode(self::$sandbox->clientConfig),
                'YDRZ_TOKENS' => json_encode($list),
            ];
            $processes[$w] = proc_open([PHP_BINARY, '-r', $script], [1 => ['pipe', 'w']], $pipes, null, $env);
            $processes[$w] = [$processes[$w], $pipes[1]];
        }
        $results = [];
        foreach ($processes as $w => [$process, $out]) {
            $lines = array_filter(explode("\n", (string) stream_get_contents($out)));
            fclose($out);
            self::assertSame(0, proc_close($process), "worker $w failed");
            $results[$w] = array_map(static fn ($l) => json_decode($l, true, flags: JSON_THROW_ON_ERROR), array_values($lines));
        }
        return $results;
    }

    public function testManyProcessesValidatingAtOnceEachGetTheirOwnPhone(): void
    {
        $tokens = [];
        for ($w = 0; $w < self::WORKERS; $w++) {
            for ($r = 0; $r < self::ROUNDS; $r++) {
                $tokens[$w][] = self::$sandbox->token('onekey', self::phoneOf($w * self::ROUNDS + $r));
            }
        }
        $results = self::runWorkers($tokens);
        for ($w = 0; $w < self::WORKERS; $w++) {
            $expected = array_map(static fn ($r) => ['phone' => self::phoneOf($w * self::ROUNDS + $r)], range(0, self::ROUNDS - 1));
            self::assertSame($expected, $results[$w]);
        }
    }

    public function testOneTokenValidatedByManyProcessesAtOnceIsAcceptedOnce(): void
    {
        $token = self::$sandbox->token('onekey', self::phoneOf(1));
        $results = array_merge(...self::runWorkers(array_fill(0, self::WORKERS, [$token])));
        $accepted = array_values(array_filter($results, static fn ($r) => isset($r['phone'])));
        self::assertSame([['phone' => self::phoneOf(1)]], $accepted);
        foreach (array_filter($results, static fn ($r) => !isset($r['phone'])) as $refused) {
            self::assertSame('YDRZ_E_PLATFORM', $refused['status']);
        }
        self::assertSame(self::WORKERS, self::$sandbox->stats($token['token'])['requests']);
    }
}
