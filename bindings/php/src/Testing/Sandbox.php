<?php

declare(strict_types=1);

namespace Ydrz\Testing;

use Ydrz\Client;

/**
 * The sandbox, a local imitation of the platform served by `ydrz sandbox`, for tests and demos. It lives
 * until stop() (or the object's destruction) closes its standard input. The ydrz executable is the one the
 * package carries for this machine (bundledExecutable(), also the package's `vendor/bin/ydrz`) unless start()
 * is given another.
 */
final class Sandbox
{
    /** @var resource */
    private $process;
    /** @var array<int, resource> */
    private array $pipes;
    /** @var array<string, mixed> the info JSON the sandbox printed */
    public readonly array $info;
    public readonly string $baseUrl;
    public readonly string $controlUrl;
    /** @var array<string, mixed> the "demo" app: app_id, app_key, keys, allowed_ips, daily_limit... */
    public readonly array $demo;
    /** @var array<string, mixed> a ready Client configuration for the demo app */
    public readonly array $clientConfig;

    /**
     * The ydrz executable inside the package for this machine (native/linux-<arch>/ydrz). Composer may unpack
     * it without its executable bit; then it is copied once into a private directory under the system's
     * temporary directory and made executable there. Throws when the package carries none (a checkout of
     * the repository: pass target/release/ydrz to start()).
     */
    public static function bundledExecutable(): string
    {
        $arch = php_uname('m');
        $file = dirname(__DIR__, 2) . "/native/linux-$arch/ydrz";
        if (PHP_OS_FAMILY !== 'Linux' || !is_file($file)) {
            throw new \RuntimeException("this ydrz package carries no ydrz executable for linux-$arch ($file): the "
                . 'release package does; otherwise pass the path of one to Sandbox::start()');
        }
        if (is_executable($file)) {
            return $file;
        }
        $dir = sys_get_temp_dir() . '/ydrz-' . getmypid() . '-' . hash_file('sha256', $file);
        $copy = "$dir/ydrz";
        if (!is_executable($copy)) {
            if (!is_dir($dir) && !mkdir($dir, 0700) && !is_dir($dir)) {
                throw new \RuntimeException("cannot create $dir for an executable copy of $file");
            }
            if (!copy($file, "$copy.tmp") || !chmod("$copy.tmp", 0700) || !rename("$copy.tmp", $copy)) {
                throw new \RuntimeException("cannot make an executable copy of $file in $dir");
            }
        }
        return $copy;
    }

    /** Starts `$binary sandbox --port 0 --exit-on-stdin-eof` and waits for its info line ($binary: the
     * package's own executable, bundledExecutable(), when null); its request log goes to $log (an open
     * stream such as STDERR, or a file path; /dev/null by default).
     * @param resource|string|null $log */
    public static function start(?string $binary = null, mixed $log = null): self
    {
        $binary ??= self::bundledExecutable();
        $command = [$binary, 'sandbox', '--port', '0', '--exit-on-stdin-eof'];
        $stderr = is_resource($log) ? $log : ['file', $log ?? '/dev/null', 'a'];
        $process = proc_open($command, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => $stderr], $pipes);
        if ($process === false) {
            throw new \RuntimeException("cannot start $binary");
        }
        $line = fgets($pipes[1]);
        if ($line === false) {
            fclose($pipes[0]);
            throw new \RuntimeException("$binary sandbox exited without printing its info");
        }
        return new self($process, $pipes, json_decode($line, true, flags: JSON_THROW_ON_ERROR));
    }

    /** @param resource $process @param array<int, resource> $pipes @param array<string, mixed> $info */
    private function __construct($process, array $pipes, array $info)
    {
        $this->process = $process;
        $this->pipes = $pipes;
        $this->info = $info;
        $this->baseUrl = $info['base_url'];
        $this->controlUrl = $info['control_url'];
        $demo = array_values(array_filter($info['apps'], static fn (array $app): bool => $app['name'] === 'demo'));
        $this->demo = $demo[0];
        $this->clientConfig = $info['client_config'];
    }

    /** Closes the sandbox's standard input and waits for it to exit. Idempotent. */
    public function stop(): void
    {
        if (is_resource($this->pipes[0])) {
            fclose($this->pipes[0]);
            fclose($this->pipes[1]);
            proc_close($this->process);
        }
    }

    public function __destruct()
    {
        $this->stop();
    }

    /**
     * POSTs $body as JSON (or GETs when it is null) to the control endpoint $path; returns the JSON answer.
     *
     * @param array<string, mixed>|null $body
     * @return array<string, mixed>
     */
    public function control(string $path, ?array $body = null): array
    {
        $options = ['http' => ['ignore_errors' => true, 'timeout' => 10, 'header' => "Content-Type: application/json\r\n"]];
        if ($body !== null) {
            $options['http'] += ['method' => 'POST', 'content' => json_encode((object) $body, JSON_THROW_ON_ERROR)];
        }
        $answer = file_get_contents($this->controlUrl . $path, false, stream_context_create($options));
        $status = $http_response_header[0] ?? '';
        if ($answer === false || !preg_match('{^HTTP/\S+ 2\d\d}', $status)) {
            throw new \RuntimeException("sandbox $path: $status: $answer");
        }
        return $answer === '' ? [] : json_decode($answer, true, flags: JSON_THROW_ON_ERROR);
    }

    /**
     * A fresh token of the demo app for $product (onekey, number_verify, app_login, app_number) and $phone.
     *
     * @param array<string, mixed> $extra e.g. ['ttl_ms' => 1]
     * @return array{token: string, userInformation: string, expires_in_ms: int}
     */
    public function token(string $product, string $phone, array $extra = []): array
    {
        return $this->control('/token', ['app_id' => $this->demo['app_id'], 'phone' => $phone, 'product' => $product] + $extra);
    }

    /** @return array{requests: int, total_requests: int} the sandbox's counters for $token */
    public function stats(string $token): array
    {
        return $this->control('/stats?token=' . rawurlencode($token));
    }

    /** A new Client for the demo app, $overrides replacing configuration keys.
     * @param array<string, mixed> $overrides */
    public function client(array $overrides = []): Client
    {
        return new Client($overrides + $this->clientConfig);
    }
}
