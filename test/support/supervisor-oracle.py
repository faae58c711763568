"""Reads supervisord configs with supervisor's own reader (ServerOptions), the ground truth of the
differential test. stdin: one JSON object a line, {"conf": path, "env": {...}}; stdout: one JSON answer a
line: {"ok": true, groups, servers, pidfile, logfile, serverurl} or {"ok": false, "error": message}."""
import inspect
import json
import os
import sys

from supervisor.options import ClientOptions, ServerOptions


class Refused(Exception):
    pass


def refuse(message):
    raise Refused(message)


def read(conf, env):
    os.environ.clear()
    os.environ.update(env)
    os.chdir(os.path.dirname(conf))
    options = ServerOptions()
    options.usage = refuse
    try:
        options.realize(args=['-c', conf])
    except Refused as error:
        return {'ok': False, 'error': str(error)}
    except Exception as error:  # supervisord would die with a traceback: a refusal all the same
        return {'ok': False, 'error': '%s: %s' % (type(error).__name__, error)}
    # supervisord's start makes each rpc interface with the section's other values as keyword arguments
    # ([DEFAULT]'s included) and dies when the factory refuses them: realize alone does not get that far.
    for name, factory, config in options.rpcinterface_factories:
        try:
            inspect.signature(factory).bind(None, **config)
        except TypeError as error:
            return {'ok': False, 'error': 'Could not make %s rpc interface: %s' % (name, error)}
    groups = {g.name: sorted(p.name for p in g.process_configs) for g in options.process_group_configs}
    servers = []
    for config in options.server_configs:
        server = {'username': config['username'], 'password': config['password']}
        if 'file' in config:
            server['file'] = config['file']
        else:
            server['host'], server['port'] = config['host'] or 'localhost', config['port']
        servers.append(server)
    client = ClientOptions()
    client.usage = refuse
    try:
        client.realize(args=['-c', conf])
        serverurl = client.serverurl
    except Refused:
        serverurl = None
    return {'ok': True, 'groups': groups, 'servers': servers, 'pidfile': options.pidfile,
            'logfile': None if options.logfile == 'syslog' else options.logfile, 'serverurl': serverurl}


for line in sys.stdin:
    request = json.loads(line)
    print(json.dumps(read(request['conf'], request['env'])), flush=True)
