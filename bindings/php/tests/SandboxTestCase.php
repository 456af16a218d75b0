<?php

declare(strict_types=1);

namespace Ydrz\Tests;

use PHPUnit\Framework\TestCase;
use Ydrz\Testing\Sandbox;

/** A test class with one sandbox process (its request log goes to $YDRZ_SANDBOX_LOG when set), reset before each test (no faults, zero counters, the demo app's
 * registered settings). */
abstract class SandboxTestCase extends TestCase
{
    protected static ?Sandbox $sandbox = null;

    public static function setUpBeforeClass(): void
    {
        static::$sandbox = Sandbox::start(Fixtures::sandboxBinary(), getenv('YDRZ_SANDBOX_LOG') ?: null);
    }

    public static function tearDownAfterClass(): void
    {
        static::$sandbox?->stop();
        static::$sandbox = null;
    }

    protected function setUp(): void
    {
        $s = static::$sandbox;
        $s->control('/reset', []);
        $s->control('/apps', [
            'app_id' => $s->demo['app_id'],
            'allowed_ips' => $s->demo['allowed_ips'],
            'daily_limit' => $s->demo['daily_limit'],
        ]);
    }
}
