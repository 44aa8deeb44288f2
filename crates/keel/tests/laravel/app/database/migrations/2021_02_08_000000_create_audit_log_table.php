<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        Schema::create('audit_log', function (Blueprint $table) {
            $table->bigIncrements('id');
            $table->string('event', 64);
            $table->json('payload');
            $table->jsonb('context')->nullable();
            $table->timestampTz('occurred_at')->useCurrent();
            $table->index('event', 'audit_event_idx');
        });
    }

    public function down()
    {
        Schema::dropIfExists('audit_log');
    }
};
